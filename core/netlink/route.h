// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/cidr.h"
#include "core/netlink/socket.h"
#include "core/result.h"

namespace knetctl::netlink {

/// Table numbers (linux/rtnetlink.h): main 254, local 255; 0 in a filter means "all".
inline constexpr uint32_t kTableMain = 254;
inline constexpr uint32_t kTableAll = 0;

/// A unicast route with one next hop (what CNI and shim deal with).
struct RouteInfo {
  IpPrefix dst;                       ///< 0.0.0.0/0 or ::/0 for a default route
  std::optional<IpAddress> gateway;
  int oif = 0;                        ///< output interface index (0: let the kernel find it)
  uint32_t priority = 0;              ///< metric
  uint32_t table = kTableMain;
  int scope = -1;                     ///< RT_SCOPE_*; -1 on add: link without gateway, else universe
  int protocol = -1;                  ///< RTPROT_*; -1 on add: RTPROT_BOOT like `ip route add`
  std::optional<IpAddress> src;       ///< preferred source
  int type = 1;                       ///< RTN_UNICAST
  uint32_t mtu = 0;                   ///< RTAX_MTU metric, 0: none
  uint32_t advmss = 0;                ///< RTAX_ADVMSS metric, 0: none

  int family() const { return dst.addr.family; }
};

/// Lists routes of `family` (0: both) in `table` (kTableAll: every table). Multipath
/// routes are reported with their first next hop.
Result<std::vector<RouteInfo>> ListRoutes(nl_sock* sock, int family = 0, uint32_t table = kTableMain);

/// Adds a route (NLM_F_CREATE|NLM_F_EXCL: an existing one gives kExists).
Status AddRoute(nl_sock* sock, const RouteInfo& route);
/// Adds or re-points a route in place (NLM_F_CREATE|NLM_F_REPLACE); never leaves a
/// second route with the same destination and metric behind.
Status ReplaceRoute(nl_sock* sock, const RouteInfo& route);
/// Deletes a route (matching dst, table, metric, and gateway/oif when given). Missing: kNotFound.
Status DeleteRoute(nl_sock* sock, const RouteInfo& route);

/// "default via 172.20.7.254 dev #3 metric 0", for messages.
std::string Describe(const RouteInfo& route);

}  // namespace knetctl::netlink
