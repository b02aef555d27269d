// SPDX-License-Identifier: Apache-2.0
// The macvlan CNI plugin: NetConf, LoadNetConf, CmdAdd, CmdDel, CmdCheck, CmdStatus, CmdGc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "plugins/skel/result.h"
#include "plugins/skel/skel.h"

namespace knetctl::macvlan {

/// The network configuration handed to the plugin on stdin.
struct NetConf {
  std::string cni_version;          ///< negotiated: cniVersion, or the best of cniVersions
  std::string name;                 ///< network name
  std::string type;
  std::string master;               ///< empty: the interface of the default route
  std::string mode = "bridge";
  int mtu = 0;                      ///< 0: the master's
  std::string mac;                  ///< config < CNI_ARGS MAC= < runtimeConfig.mac
  bool link_in_container = false;   ///< master lives in the container namespace
  std::string ipam_type;            ///< empty: no IPAM (L2 only)
  nlohmann::json raw;               ///< the whole config (passed to delegated IPAM)
  std::optional<cni::CniResult> prev_result;
  std::vector<std::pair<std::string, std::string>> valid_attachments;  ///< GC: (containerID, ifname)
};

/// Parses and validates the config text; errors name the field (and line:column for
/// syntax errors). `source` names the text in messages ("stdin" or a file name).
Result<NetConf> LoadNetConf(const std::string& text, const std::string& source, const cni::CniEnv& env);

/// Creates the macvlan in the container with IPAM's addresses; undoes everything on failure.
Result<cni::CniResult> CmdAdd(const NetConf& conf, const cni::CniEnv& env);
/// Releases IPAM, then deletes the link; anything already gone is success.
Status CmdDel(const NetConf& conf, const cni::CniEnv& env);
/// Compares prevResult with the container's link, addresses, routes and the lease.
Status CmdCheck(const NetConf& conf, const cni::CniEnv& env);
/// Fails with code 50 when the master is missing or down or IPAM is unusable.
Status CmdStatus(const NetConf& conf, const cni::CniEnv& env);
/// Releases leases not in conf.valid_attachments; returns what was (or would be) released.
Result<std::vector<std::string>> CmdGc(const NetConf& conf, const cni::CniEnv& env, bool dry_run);

/// The VERSION answer for the config's version (or the newest one).
nlohmann::json VersionJson(const std::string& config_version);

/// Runs one command as the plugin does (shared by knetctl-cni and `knetctl cni`):
/// returns the JSON to print on success (null for DEL/CHECK/STATUS/GC in plugin mode).
struct Outcome {
  nlohmann::json output;            ///< result / version object, or null
  std::string version;              ///< version to render an error with
  std::vector<std::string> released;///< GC: released leases
};
Result<Outcome> Run(const cni::CniEnv& env, const std::string& config_text, const std::string& source,
                    bool dry_run, std::string* version_for_errors);

}  // namespace knetctl::macvlan
