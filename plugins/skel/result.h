// SPDX-License-Identifier: Apache-2.0
// The CNI result, version-independent, rendered in the shape of any spec version.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::cni {

/// One interface of the result.
struct Interface {
  std::string name;
  std::string mac;
  std::string sandbox;        ///< netns path; empty for host-side interfaces
  uint32_t mtu = 0;           ///< reported from 1.1.0 on
};

/// One address of the result.
struct IpConfig {
  IpPrefix address;           ///< address with prefix length
  std::optional<IpAddress> gateway;
  int interface = -1;         ///< index into interfaces, -1: none
};

/// One route of the result / IPAM config.
struct Route {
  IpPrefix dst;
  std::optional<IpAddress> gw;
  uint32_t mtu = 0, advmss = 0, priority = 0, table = 0;  ///< 1.1.0 fields, 0: unset
  int scope = -1;                                         ///< 1.1.0 field, -1: unset
};

/// DNS settings.
struct Dns {
  std::vector<std::string> nameservers, search, options;
  std::string domain;
};

/// A complete result.
struct CniResult {
  std::vector<Interface> interfaces;
  std::vector<IpConfig> ips;
  std::vector<Route> routes;
  Dns dns;

  /// Renders the result in the shape of `version` (0.1.0 ... 1.1.0).
  nlohmann::json ToJson(const std::string& version) const;
  /// Reads a result of any version (prevResult, delegated IPAM output).
  static Result<CniResult> FromJson(const nlohmann::json& j);
};

/// Parses one route object {"dst": ..., "gw": ...}; `where` names it in errors.
Result<Route> ParseRoute(const nlohmann::json& j, const std::string& where);
/// Renders a route (1.1.0 fields only when `v110`).
nlohmann::json RouteJson(const Route& r, bool v110);
/// Parses a DNS object.
Result<Dns> ParseDns(const nlohmann::json& j);

}  // namespace knetctl::cni
