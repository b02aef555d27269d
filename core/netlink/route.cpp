// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/route.h"

#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include <sys/socket.h>

namespace knetctl::netlink {
namespace {

Result<NlAddrPtr> ToNl(const IpAddress& ip, int prefix_len) {
  NlAddrPtr a(nl_addr_build(ip.family, ip.data(), ip.size()));
  if (!a) return MakeError(ErrorCode::kIoFailure, "out of memory building address " + ip.ToString());
  nl_addr_set_prefixlen(a.get(), prefix_len);
  return a;
}

IpAddress FromNl(int family, nl_addr* a) {
  IpAddress ip;
  ip.family = family;
  // A default route's dst comes back with length 0: all zero bytes.
  if (a && nl_addr_get_len(a) > 0) ip = IpAddress::FromBytes(family, nl_addr_get_binary_addr(a));
  return ip;
}

Result<RoutePtr> Build(const RouteInfo& r, bool for_delete) {
  RoutePtr route(rtnl_route_alloc());
  int family = r.family();
  rtnl_route_set_family(route.get(), static_cast<uint8_t>(family));
  auto dst = ToNl(r.dst.Network().addr, r.dst.len);
  if (!dst) return dst.error();
  rtnl_route_set_dst(route.get(), dst->get());
  rtnl_route_set_table(route.get(), r.table);
  rtnl_route_set_type(route.get(), static_cast<uint8_t>(r.type));
  if (!for_delete || r.priority) rtnl_route_set_priority(route.get(), r.priority);
  if (!for_delete) {
    int scope = r.scope >= 0 ? r.scope : (r.gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
    rtnl_route_set_scope(route.get(), static_cast<uint8_t>(scope));
    rtnl_route_set_protocol(route.get(), static_cast<uint8_t>(r.protocol >= 0 ? r.protocol : RTPROT_BOOT));
  } else {
    // Delete matches any protocol/scope unless given: libnl would default the protocol
    // to RTPROT_STATIC, which the kernel compares (and misses `ip route` routes).
    rtnl_route_set_scope(route.get(), static_cast<uint8_t>(r.scope >= 0 ? r.scope : RT_SCOPE_NOWHERE));
    rtnl_route_set_protocol(route.get(), static_cast<uint8_t>(r.protocol >= 0 ? r.protocol : RTPROT_UNSPEC));
  }
  if (r.src) {
    auto src = ToNl(*r.src, r.src->bits());
    if (!src) return src.error();
    rtnl_route_set_pref_src(route.get(), src->get());
  }
  if (r.mtu) rtnl_route_set_metric(route.get(), RTAX_MTU, r.mtu);
  if (r.advmss) rtnl_route_set_metric(route.get(), RTAX_ADVMSS, r.advmss);
  if (r.oif || r.gateway) {
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    if (r.oif) rtnl_route_nh_set_ifindex(nh, r.oif);
    if (r.gateway) {
      auto gw = ToNl(*r.gateway, r.gateway->bits());
      if (!gw) {
        rtnl_route_nh_free(nh);
        return gw.error();
      }
      rtnl_route_nh_set_gateway(nh, gw->get());
    }
    rtnl_route_add_nexthop(route.get(), nh);  // the route owns nh from here
  }
  return route;
}

Status Send(nl_sock* sock, const RouteInfo& r, int flags, const char* verb) {
  std::string what = std::string("failed to ") + verb + " route " + Describe(r);
  auto route = Build(r, false);
  if (!route) return std::move(route).error().Wrap(what);
  int err = rtnl_route_add(sock, route->get(), flags);
  if (err < 0) return NlError(what, err);
  return {};
}

}  // namespace

std::string Describe(const RouteInfo& r) {
  std::string s = r.dst.len == 0 ? "default" : r.dst.ToString();
  if (r.gateway) s += " via " + r.gateway->ToString();
  if (r.oif) s += " dev #" + std::to_string(r.oif);
  if (r.priority) s += " metric " + std::to_string(r.priority);
  if (r.table != kTableMain) s += " table " + std::to_string(r.table);
  return s;
}

Result<std::vector<RouteInfo>> ListRoutes(nl_sock* sock, int family, uint32_t table) {
  auto cache = DumpWithRetry("failed to list routes", [&](nl_cache** c) {
    return rtnl_route_alloc_cache(sock, family, 0, c);
  });
  if (!cache) return cache.error();
  std::vector<RouteInfo> out;
  for (nl_object* o = nl_cache_get_first(cache->get()); o; o = nl_cache_get_next(o)) {
    auto* r = reinterpret_cast<rtnl_route*>(o);
    int fam = rtnl_route_get_family(r);
    if (fam != AF_INET && fam != AF_INET6) continue;
    if (table != kTableAll && rtnl_route_get_table(r) != table) continue;
    RouteInfo info;
    nl_addr* dst = rtnl_route_get_dst(r);
    info.dst.addr = FromNl(fam, dst);
    info.dst.len = dst ? nl_addr_get_prefixlen(dst) : 0;
    info.priority = rtnl_route_get_priority(r);
    info.table = rtnl_route_get_table(r);
    info.scope = rtnl_route_get_scope(r);
    info.protocol = rtnl_route_get_protocol(r);
    info.type = rtnl_route_get_type(r);
    if (nl_addr* src = rtnl_route_get_pref_src(r); src && nl_addr_get_len(src) > 0) info.src = FromNl(fam, src);
    uint32_t v = 0;
    if (rtnl_route_get_metric(r, RTAX_MTU, &v) == 0) info.mtu = v;
    if (rtnl_route_get_metric(r, RTAX_ADVMSS, &v) == 0) info.advmss = v;
    if (rtnl_route_get_nnexthops(r) > 0) {
      rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0);
      info.oif = rtnl_route_nh_get_ifindex(nh);
      if (nl_addr* gw = rtnl_route_nh_get_gateway(nh); gw && nl_addr_get_len(gw) > 0) info.gateway = FromNl(fam, gw);
    }
    out.push_back(std::move(info));
  }
  return out;
}

Status AddRoute(nl_sock* sock, const RouteInfo& r) { return Send(sock, r, NLM_F_CREATE | NLM_F_EXCL, "add"); }

Status ReplaceRoute(nl_sock* sock, const RouteInfo& r) {
  // Without NLM_F_REPLACE a route with another gateway is added beside the old one.
  return Send(sock, r, NLM_F_CREATE | NLM_F_REPLACE, "replace");
}

Status DeleteRoute(nl_sock* sock, const RouteInfo& r) {
  std::string what = "failed to delete route " + Describe(r);
  auto route = Build(r, true);
  if (!route) return std::move(route).error().Wrap(what);
  int err = rtnl_route_delete(sock, route->get(), 0);
  if (err < 0) {
    // ESRCH from the kernel: libnl maps it to NLE_OBJ_NOTFOUND.
    return NlError(what, err);
  }
  return {};
}

}  // namespace knetctl::netlink
