// SPDX-License-Identifier: Apache-2.0
// The shim plan: from the live state of the master and the shim, the ordered steps that
// reach the "up" (or "down") state. Pure: no syscalls, so every half-done state can be
// unit tested. apply.h executes a plan with rollback.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/netlink/addr_exact.h"
#include "core/netlink/link.h"
#include "core/netlink/route.h"
#include "core/result.h"

namespace knetctl::shim {

/// What the kernel has now, as far as the shim is concerned.
struct LiveState {
  netlink::LinkInfo master;
  std::optional<netlink::LinkInfo> shim;         ///< the link named like the shim, any kind
  std::vector<netlink::ExactAddr> master_addrs;  ///< every address of the master
  std::vector<netlink::ExactAddr> shim_addrs;    ///< every address of the shim
  std::vector<netlink::RouteInfo> routes;        ///< every route of every table
};

/// What `up` should produce.
struct UpTarget {
  std::string shim_name;
  std::string mode = "bridge";
  std::string mac;  ///< desired MAC (pinned or derived)
};

/// One step. Links are named (the shim's index is unknown before it exists).
struct Step {
  enum class Kind {
    kCreateLink,    ///< create the macvlan `link` on `parent`
    kSetUp,         ///< set `link` up
    kAddAddr,       ///< add `addr` to `link` (IPv6: nodad, then the original flags)
    kReplaceRoute,  ///< re-point `route` (currently via `from`) at `link`
    kAnnounce,      ///< gratuitous ARP / unsolicited NA for `addrs` from `link`
    kDelAddr,       ///< delete `addr` from `link`
    kDeleteLink,    ///< delete `link`
  };
  Kind kind;
  std::string link;  ///< the link acted on
  std::string from;  ///< kReplaceRoute: the link the route uses now; kAnnounce: the link announced
                     ///< before (rollback announces from it)
  std::string parent;            ///< kCreateLink
  std::string mode;              ///< kCreateLink
  std::string mac;               ///< kCreateLink
  netlink::ExactAddr addr;       ///< kAddAddr, kDelAddr (ifindex ignored)
  netlink::RouteInfo route;      ///< kReplaceRoute: the route as it is now
  std::vector<IpAddress> addrs;  ///< kAnnounce

  /// The step as the equivalent `ip` command (for --dry-run and the action log).
  std::string IpCommand() const;
  /// The stable tag of the kind ("create-link", "add-addr", ...), used by the test hook.
  std::string Tag() const;
};

/// An ordered list of steps.
struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> warnings;
};

/// True for routes that move with the addresses: unicast, through `ifindex`, in any
/// table but `local`, and not made by the kernel (proto kernel/ra) — those follow the
/// addresses by themselves.
bool IsMovableRoute(const netlink::RouteInfo& route, int ifindex);

/// True for addresses that move: scope global, permanent (not SLAAC/DHCP-managed
/// IPv6), not link-local.
bool IsMovableAddr(const netlink::ExactAddr& addr);

/// Steps from `state` to "the shim holds every movable address and route of the
/// master". Refuses (with the reason) a master that is a macvlan, a shim name taken by
/// another kind of link or by a macvlan of another master, and a master with no
/// address when there is no shim. Already done: an empty plan.
Result<Plan> PlanUp(const LiveState& state, const UpTarget& target);

/// Steps from `state` back to "the master holds everything, no shim". No shim: empty.
Result<Plan> PlanDown(const LiveState& state, const std::string& shim_name);

/// Renders a route for `ip route` ("default via 172.20.7.254 dev em2 proto boot").
std::string RouteToIp(const netlink::RouteInfo& route, const std::string& dev);

}  // namespace knetctl::shim
