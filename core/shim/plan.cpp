// SPDX-License-Identifier: Apache-2.0
#include "core/shim/plan.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <algorithm>

namespace knetctl::shim {
namespace {

using netlink::ExactAddr;
using netlink::RouteInfo;

bool SameAddr(const ExactAddr& a, const ExactAddr& b) {
  return a.local == b.local && a.peer == b.peer;
}

bool Holds(const std::vector<ExactAddr>& addrs, const ExactAddr& a) {
  return std::any_of(addrs.begin(), addrs.end(),
                     [&](const ExactAddr& x) { return SameAddr(x, a); });
}

std::vector<ExactAddr> Movable(const std::vector<ExactAddr>& addrs) {
  std::vector<ExactAddr> out;
  for (const auto& a : addrs)
    if (IsMovableAddr(a)) out.push_back(a);
  return out;
}

// Routes to re-point, link routes first: a gateway route needs its gateway reachable
// through the new link when it is replaced.
std::vector<RouteInfo> MovableRoutes(const std::vector<RouteInfo>& routes, int ifindex) {
  std::vector<RouteInfo> out;
  for (const auto& r : routes)
    if (IsMovableRoute(r, ifindex)) out.push_back(r);
  std::stable_sort(out.begin(), out.end(), [](const RouteInfo& a, const RouteInfo& b) {
    return !a.gateway.has_value() && b.gateway.has_value();
  });
  return out;
}

std::string ProtoName(int p) {
  switch (p) {
    case RTPROT_KERNEL:
      return "kernel";
    case RTPROT_BOOT:
      return "boot";
    case RTPROT_STATIC:
      return "static";
    case RTPROT_RA:
      return "ra";
    case RTPROT_DHCP:
      return "dhcp";
    default:
      return std::to_string(p);
  }
}

std::string IpFamily(const IpAddress& a) { return a.is_v6() ? "ip -6 " : "ip "; }

// An alias label ("em2:1") follows the address to the other link ("em2-shim:1"); a
// plain label is reset so the kernel uses the new link's name.
std::string MoveLabel(const std::string& label, const std::string& from, const std::string& to) {
  if (label.size() > from.size() && label.compare(0, from.size(), from) == 0 &&
      label[from.size()] == ':') {
    std::string moved = to + label.substr(from.size());
    if (moved.size() <= 15) return moved;
  }
  return "";
}

Step MakeStep(Step::Kind kind, const std::string& link) {
  Step s{};
  s.kind = kind;
  s.link = link;
  return s;
}

}  // namespace

bool IsMovableAddr(const ExactAddr& a) {
  if (!a.IsGlobal()) return false;
  // IPv6 addresses the kernel manages (SLAAC, temporary) are recreated on the shim by
  // the kernel itself from its own MAC; moving them would only confuse it.
  if (a.local.addr.is_v6() && !(a.flags & IFA_F_PERMANENT)) return false;
  return true;
}

bool IsMovableRoute(const RouteInfo& r, int ifindex) {
  if (r.oif != ifindex || ifindex == 0) return false;
  if (r.table == RT_TABLE_LOCAL) return false;
  if (r.type != RTN_UNICAST) return false;
  if (r.protocol == RTPROT_KERNEL || r.protocol == RTPROT_RA) return false;
  // IPv6 link-local and multicast routes belong to the link itself.
  const auto& d = r.dst.addr;
  if (d.is_v6() && r.dst.len >= 10 && d.bytes[0] == 0xfe && (d.bytes[1] & 0xc0) == 0x80)
    return false;
  if (d.is_v6() && r.dst.len >= 8 && d.bytes[0] == 0xff) return false;
  return true;
}

std::string RouteToIp(const RouteInfo& r, const std::string& dev) {
  std::string s = r.dst.len == 0 ? "default" : r.dst.ToString();
  if (r.gateway) s += " via " + r.gateway->ToString();
  s += " dev " + dev;
  if (r.protocol >= 0 && r.protocol != RTPROT_BOOT) s += " proto " + ProtoName(r.protocol);
  if (r.scope == RT_SCOPE_LINK && r.gateway) s += " scope link";
  if (r.scope == RT_SCOPE_HOST) s += " scope host";
  if (!r.gateway && r.scope == RT_SCOPE_UNIVERSE) s += " scope global";
  if (r.src) s += " src " + r.src->ToString();
  if (r.priority) s += " metric " + std::to_string(r.priority);
  if (r.table != RT_TABLE_MAIN) s += " table " + std::to_string(r.table);
  if (r.mtu) s += " mtu " + std::to_string(r.mtu);
  if (r.advmss) s += " advmss " + std::to_string(r.advmss);
  return s;
}

std::string Step::Tag() const {
  switch (kind) {
    case Kind::kCreateLink:
      return "create-link";
    case Kind::kSetUp:
      return "set-up";
    case Kind::kAddAddr:
      return "add-addr";
    case Kind::kReplaceRoute:
      return "replace-route";
    case Kind::kAnnounce:
      return "announce";
    case Kind::kDelAddr:
      return "del-addr";
    case Kind::kDeleteLink:
      return "delete-link";
  }
  return "?";
}

std::string Step::IpCommand() const {
  switch (kind) {
    case Kind::kCreateLink:
      return "ip link add link " + parent + " name " + link +
             (mac.empty() ? "" : " address " + mac) + " type macvlan mode " + mode;
    case Kind::kSetUp:
      return "ip link set " + link + " up";
    case Kind::kAddAddr: {
      std::string s = IpFamily(addr.local.addr) + "addr add " + addr.local.ToString();
      if (addr.peer) s += " peer " + addr.peer->ToString();
      if (addr.broadcast) s += " brd " + addr.broadcast->ToString();
      s += " dev " + link;
      if (addr.local.addr.is_v6()) s += " nodad";
      if (addr.flags & IFA_F_NOPREFIXROUTE) s += " noprefixroute";
      return s;
    }
    case Kind::kReplaceRoute:
      return IpFamily(route.dst.addr) + "route replace " + RouteToIp(route, link);
    case Kind::kAnnounce: {
      std::string s;
      for (const auto& a : addrs) {
        if (!s.empty()) s += "; ";
        s += a.is_v4() ? "arping -U -c 2 -I " + link + " " + a.ToString()
                       : "ndsend " + a.ToString() + " " + link;
      }
      return s;
    }
    case Kind::kDelAddr:
      return IpFamily(addr.local.addr) + "addr del " + addr.local.ToString() + " dev " + link;
    case Kind::kDeleteLink:
      return "ip link del " + link;
  }
  return "";
}

Result<Plan> PlanUp(const LiveState& st, const UpTarget& t) {
  Plan plan;
  const std::string& m = st.master.name;
  if (st.master.kind == "macvlan")
    return MakeError(ErrorCode::kInvalidConfig,
                     "refusing to set up a shim on \"" + m +
                         "\": it is itself a macvlan; give its parent as --master");
  if (t.shim_name == m)
    return MakeError(ErrorCode::kInvalidConfig, "refusing to set up a shim on \"" + m +
                                                    "\": the shim name equals the master's");
  if (st.shim) {
    if (st.shim->kind != "macvlan")
      return MakeError(ErrorCode::kExists,
                       "refusing to set up shim \"" + t.shim_name +
                           "\": the name is taken by a link of kind \"" +
                           (st.shim->kind.empty() ? std::string("device") : st.shim->kind) + "\"");
    if (st.shim->parent_index != st.master.index)
      return MakeError(ErrorCode::kExists,
                       "refusing to set up shim \"" + t.shim_name +
                           "\": the name is taken by a macvlan of another link (#" +
                           std::to_string(st.shim->parent_index) + "), not of \"" + m + "\"");
    if (st.shim->macvlan_mode != t.mode)
      plan.warnings.push_back("shim " + t.shim_name + " exists in mode " + st.shim->macvlan_mode +
                              ", not " + t.mode + "; left as it is");
    if (!t.mac.empty() && st.shim->mac != t.mac)
      plan.warnings.push_back(
          "shim " + t.shim_name + " exists with MAC " + st.shim->mac + ", not " + t.mac +
          "; left as it is (changing it live would strand the neighbours' ARP entries)");
  }
  auto to_move = Movable(st.master_addrs);
  auto on_shim = Movable(st.shim_addrs);
  if (to_move.empty() && on_shim.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "refusing to set up a shim on \"" + m +
                         "\": it has no global address to move" +
                         (st.shim ? " and shim \"" + t.shim_name + "\" has none either"
                                  : " and there is no shim"));
  }
  if (!st.shim) {
    Step c = MakeStep(Step::Kind::kCreateLink, t.shim_name);
    c.parent = m;
    c.mode = t.mode;
    c.mac = t.mac;
    plan.steps.push_back(c);
    plan.steps.push_back(MakeStep(Step::Kind::kSetUp, t.shim_name));
  } else if (!st.shim->up) {
    plan.steps.push_back(MakeStep(Step::Kind::kSetUp, t.shim_name));
  }
  for (const auto& a : to_move) {
    if (Holds(st.shim_addrs, a)) continue;
    Step s = MakeStep(Step::Kind::kAddAddr, t.shim_name);
    s.addr = a;
    s.addr.label = MoveLabel(a.label, m, t.shim_name);  // a cloned address would keep "em2"
    plan.steps.push_back(s);
  }
  for (const auto& r : MovableRoutes(st.routes, st.master.index)) {
    Step s = MakeStep(Step::Kind::kReplaceRoute, t.shim_name);
    s.from = m;
    s.route = r;
    plan.steps.push_back(s);
  }
  if (!to_move.empty()) {
    Step an = MakeStep(Step::Kind::kAnnounce, t.shim_name);
    an.from = m;
    for (const auto& a : to_move) an.addrs.push_back(a.local.addr);
    plan.steps.push_back(an);
    // Secondaries first: deleting a primary IPv4 address deletes its secondaries too.
    for (auto it = to_move.rbegin(); it != to_move.rend(); ++it) {
      Step d = MakeStep(Step::Kind::kDelAddr, m);
      d.addr = *it;
      plan.steps.push_back(d);
    }
  }
  return plan;
}

Result<Plan> PlanDown(const LiveState& st, const std::string& shim_name) {
  Plan plan;
  const std::string& m = st.master.name;
  if (!st.shim) return plan;
  if (st.shim->kind != "macvlan" || st.shim->parent_index != st.master.index)
    return MakeError(ErrorCode::kExists, "refusing to take down \"" + shim_name +
                                             "\": it is not a macvlan shim of \"" + m + "\"");
  auto on_shim = Movable(st.shim_addrs);
  std::vector<IpAddress> moved;
  for (const auto& a : on_shim) {
    moved.push_back(a.local.addr);
    if (Holds(st.master_addrs, a)) continue;
    Step s = MakeStep(Step::Kind::kAddAddr, m);
    s.addr = a;
    s.addr.label = MoveLabel(a.label, shim_name, m);
    plan.steps.push_back(s);
  }
  for (const auto& r : MovableRoutes(st.routes, st.shim->index)) {
    Step s = MakeStep(Step::Kind::kReplaceRoute, m);
    s.from = shim_name;
    s.route = r;
    plan.steps.push_back(s);
  }
  if (!moved.empty()) {
    Step an = MakeStep(Step::Kind::kAnnounce, m);
    an.from = shim_name;
    an.addrs = moved;
    plan.steps.push_back(an);
  }
  for (auto it = on_shim.rbegin(); it != on_shim.rend(); ++it) {
    Step d = MakeStep(Step::Kind::kDelAddr, shim_name);
    d.addr = *it;
    plan.steps.push_back(d);
  }
  plan.steps.push_back(MakeStep(Step::Kind::kDeleteLink, shim_name));
  return plan;
}

}  // namespace knetctl::shim
