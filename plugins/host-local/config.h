// SPDX-License-Identifier: Apache-2.0
// host-local IPAM configuration: range sets, legacy top-level fields, routes, dataDir.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cidr.h"
#include "core/result.h"
#include "plugins/skel/result.h"

namespace knetctl::hostlocal {

/// Where the reference host-local keeps its store.
inline constexpr const char* kDefaultDataDir = "/var/lib/cni/networks";

/// One allocation range: [start, end] inside subnet, gateway excluded.
struct Range {
  IpPrefix subnet;
  IpAddress start, end;
  std::optional<IpAddress> gateway;

  bool Contains(const IpAddress& ip) const;
  std::string ToString() const;  ///< "10.1.0.2-10.1.0.254" like the reference
};

/// A set of ranges one address is taken from (one address per set).
struct RangeSet {
  std::vector<Range> ranges;
  /// Index of the range holding `ip`, or -1.
  int RangeFor(const IpAddress& ip) const;
  std::string ToString() const;
};

/// Parsed `ipam` section for host-local.
struct IpamConfig {
  std::string network;              ///< the network name (store directory)
  std::vector<RangeSet> range_sets;
  std::vector<cni::Route> routes;
  std::string data_dir = kDefaultDataDir;
  std::string resolv_conf;
  std::vector<IpAddress> requested; ///< from CNI_ARGS IP=, args.cni.ips, runtimeConfig.ips
};

/// Parses and canonicalises `ipam` (defaults: gateway .1, range start .1, end last
/// usable); `conf` is the whole network config (for args / runtimeConfig).
/// Errors (code 7) name the field, the value and what is allowed.
Result<IpamConfig> ParseIpamConfig(const nlohmann::json& conf, const std::string& network,
                                   const std::vector<IpAddress>& env_ips);

/// Parses a resolv.conf file into DNS settings.
Result<cni::Dns> ParseResolvConf(const std::string& path);

}  // namespace knetctl::hostlocal
