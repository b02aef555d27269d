// SPDX-License-Identifier: Apache-2.0
// The CNI protocol: CNI_* environment, CNI_ARGS, version negotiation, error JSON.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::cni {

using Json = nlohmann::json;

/// Spec versions this plugin speaks, oldest first.
const std::vector<std::string>& SupportedVersions();
/// The newest supported version ("1.1.0").
const std::string& LatestVersion();
/// True when `version` is one of SupportedVersions().
bool IsSupportedVersion(const std::string& version);
/// Orders "a.b.c" versions numerically: <0, 0, >0.
int CompareVersions(const std::string& a, const std::string& b);

/// Parsed CNI_ARGS ("K=V;K=V").
struct CniArgs {
  bool ignore_unknown = false;
  std::map<std::string, std::string> values;  ///< every key, as given
  std::vector<IpAddress> ips;                 ///< IP= (comma-separated)
  std::string mac;                            ///< MAC=
};
/// Parses CNI_ARGS; unknown keys are an error (code 2) unless IgnoreUnknown=1/true.
Result<CniArgs> ParseCniArgs(const std::string& text);

/// Container IDs: start alphanumeric, then [A-Za-z0-9_.-].
Status ValidateContainerId(const std::string& id);
/// Interface names: 1..15 bytes, not "." or "..", no '/', ':' or whitespace.
Status ValidateIfName(const std::string& name);
/// Network names (they become a directory name): like container IDs.
Status ValidateNetworkName(const std::string& name);

/// The CNI_* environment of one invocation.
struct CniEnv {
  std::string command;        ///< ADD, DEL, CHECK, VERSION, STATUS, GC
  std::string container_id;
  std::string netns;
  std::string ifname;
  std::string args_text;
  std::string path;           ///< CNI_PATH
  bool netns_override = false;///< CNI_NETNS_OVERRIDE set: allow the plugin's own netns
  CniArgs args;
};
/// Reads and validates the environment for the command it names (code 4 on missing or
/// bad variables, naming them). `getenv` is injectable for tests.
Result<CniEnv> LoadEnv(const std::function<const char*(const char*)>& getenv);

/// Parses JSON text; a syntax error names `source`, line and column and explains the
/// usual mistakes (trailing commas) in plain words. Code 6 (decoding failure).
Result<Json> ParseJson(const std::string& text, const std::string& source);

/// 1-based line and column of byte `offset` in `text`.
std::pair<int, int> LineColumn(const std::string& text, size_t offset);

/// The spec's error object {"cniVersion","code","msg","details"} (code 0 -> 999).
Json ErrorJson(const Error& error, const std::string& version);

}  // namespace knetctl::cni
