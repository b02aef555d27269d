// SPDX-License-Identifier: Apache-2.0
#include "core/shim/plan.h"

#include <doctest/doctest.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>

using namespace knetctl;
using namespace knetctl::shim;

namespace {

netlink::ExactAddr Addr(int ifindex, const char* prefix, const char* label = "") {
  netlink::ExactAddr a;
  a.ifindex = ifindex;
  a.local = IpPrefix::Parse(prefix).value();
  a.label = label;
  a.flags = IFA_F_PERMANENT;
  return a;
}

netlink::RouteInfo Route(int oif, const char* dst, const char* gw, int proto = RTPROT_BOOT,
                         uint32_t table = RT_TABLE_MAIN) {
  netlink::RouteInfo r;
  r.dst = IpPrefix::Parse(dst).value();
  if (gw) r.gateway = IpAddress::Parse(gw).value();
  r.oif = oif;
  r.protocol = proto;
  r.table = table;
  r.scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  return r;
}

// em2 (#2) with 172.20.7.100/24, default via .254, the kernel's prefix route and a
// local-table route.
LiveState Fresh() {
  LiveState s;
  s.master.name = "em2";
  s.master.index = 2;
  s.master.kind = "veth";
  s.master.mac = "52:54:00:ab:cd:ef";
  s.master.up = true;
  s.master_addrs = {Addr(2, "172.20.7.100/24", "em2")};
  s.routes = {Route(2, "0.0.0.0/0", "172.20.7.254"),
              Route(2, "172.20.7.0/24", nullptr, RTPROT_KERNEL),
              Route(2, "172.20.7.100/32", nullptr, RTPROT_KERNEL, RT_TABLE_LOCAL)};
  return s;
}

netlink::LinkInfo Shim(bool up = true) {
  netlink::LinkInfo l;
  l.name = "em2-shim";
  l.index = 7;
  l.kind = "macvlan";
  l.macvlan_mode = "bridge";
  l.parent_index = 2;
  l.mac = "02:00:5e:10:00:01";
  l.up = up;
  return l;
}

UpTarget Target() { return UpTarget{"em2-shim", "bridge", "02:00:5e:10:00:01"}; }

std::vector<std::string> Commands(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(s.IpCommand());
  return out;
}

}  // namespace

TEST_CASE("shim plan: fresh node, in the order that never loses the address") {
  auto plan = PlanUp(Fresh(), Target());
  REQUIRE(plan.ok());
  CHECK(Commands(*plan) ==
        std::vector<std::string>{
            "ip link add link em2 name em2-shim address 02:00:5e:10:00:01 type macvlan mode bridge",
            "ip link set em2-shim up",
            "ip addr add 172.20.7.100/24 dev em2-shim",
            "ip route replace default via 172.20.7.254 dev em2-shim",
            "arping -U -c 2 -I em2-shim 172.20.7.100",
            "ip addr del 172.20.7.100/24 dev em2",
        });
  // The label "em2" is not cloned onto the shim.
  CHECK(plan->steps[2].addr.label.empty());
}

TEST_CASE("shim plan: done state is an empty plan") {
  LiveState s = Fresh();
  s.shim = Shim();
  s.shim_addrs = {Addr(7, "172.20.7.100/24", "em2-shim")};
  s.master_addrs.clear();
  s.routes = {Route(7, "0.0.0.0/0", "172.20.7.254"),
              Route(7, "172.20.7.0/24", nullptr, RTPROT_KERNEL)};
  auto plan = PlanUp(s, Target());
  REQUIRE(plan.ok());
  CHECK(plan->steps.empty());
}

TEST_CASE("shim plan: half-done states converge") {
  SUBCASE("shim exists, down, no address") {
    LiveState s = Fresh();
    s.shim = Shim(false);
    auto plan = PlanUp(s, Target());
    REQUIRE(plan.ok());
    CHECK(Commands(*plan).front() == "ip link set em2-shim up");
    CHECK(plan->steps.size() == 5);
  }
  SUBCASE("address on both, routes still on the master") {
    LiveState s = Fresh();
    s.shim = Shim();
    s.shim_addrs = {Addr(7, "172.20.7.100/24", "em2-shim")};
    auto plan = PlanUp(s, Target());
    REQUIRE(plan.ok());
    CHECK(Commands(*plan) ==
          std::vector<std::string>{"ip route replace default via 172.20.7.254 dev em2-shim",
                                   "arping -U -c 2 -I em2-shim 172.20.7.100",
                                   "ip addr del 172.20.7.100/24 dev em2"});
  }
  SUBCASE("address on both, routes moved") {
    LiveState s = Fresh();
    s.shim = Shim();
    s.shim_addrs = {Addr(7, "172.20.7.100/24", "em2-shim")};
    s.routes[0].oif = 7;
    auto plan = PlanUp(s, Target());
    REQUIRE(plan.ok());
    CHECK(Commands(*plan) == std::vector<std::string>{"arping -U -c 2 -I em2-shim 172.20.7.100",
                                                      "ip addr del 172.20.7.100/24 dev em2"});
  }
}

TEST_CASE(
    "shim plan: secondaries are deleted first, link routes re-pointed before gateway routes") {
  LiveState s = Fresh();
  s.master_addrs.push_back(Addr(2, "172.20.7.101/24", "em2:1"));
  s.routes.insert(s.routes.begin(), Route(2, "10.50.0.0/16", nullptr, RTPROT_STATIC));
  auto r = Route(2, "10.99.0.0/16", "172.20.7.254", RTPROT_BOOT, 100);
  r.priority = 50;
  s.routes.push_back(r);
  auto plan = PlanUp(s, Target());
  REQUIRE(plan.ok());
  auto cmds = Commands(*plan);
  REQUIRE(cmds.size() == 10);
  CHECK(cmds[4] == "ip route replace 10.50.0.0/16 dev em2-shim proto static");
  CHECK(cmds[6] ==
        "ip route replace 10.99.0.0/16 via 172.20.7.254 dev em2-shim metric 50 table 100");
  CHECK(cmds[8] == "ip addr del 172.20.7.101/24 dev em2");
  CHECK(cmds[9] == "ip addr del 172.20.7.100/24 dev em2");
  // An alias label follows the address.
  CHECK(plan->steps[3].addr.label == "em2-shim:1");
}

TEST_CASE("shim plan: IPv6 moves with nodad; SLAAC and link-local stay") {
  LiveState s = Fresh();
  s.master_addrs.push_back(Addr(2, "fd00:20:7::100/64"));
  auto slaac = Addr(2, "2001:db8::5054:ff:feab:cdef/64");
  slaac.flags = IFA_F_MANAGETEMPADDR;  // not permanent: the kernel made it
  s.master_addrs.push_back(slaac);
  auto ll = Addr(2, "fe80::5054:ff:feab:cdef/64");
  ll.scope = RT_SCOPE_LINK;
  s.master_addrs.push_back(ll);
  s.routes.push_back(Route(2, "fe80::/64", nullptr, RTPROT_KERNEL));
  s.routes.push_back(Route(2, "2001:db8::/64", nullptr, RTPROT_RA));
  auto plan = PlanUp(s, Target());
  REQUIRE(plan.ok());
  auto cmds = Commands(*plan);
  CHECK(std::count(cmds.begin(), cmds.end(),
                   "ip -6 addr add fd00:20:7::100/64 dev em2-shim nodad") == 1);
  for (const auto& c : cmds) {
    CHECK(c.find("2001:db8") == std::string::npos);
    CHECK(c.find("fe80") == std::string::npos);
  }
}

TEST_CASE("shim plan: refusals say why") {
  SUBCASE("master is a macvlan") {
    LiveState s = Fresh();
    s.master.kind = "macvlan";
    auto p = PlanUp(s, Target());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().msg.find("itself a macvlan") != std::string::npos);
  }
  SUBCASE("name taken by another kind") {
    LiveState s = Fresh();
    s.shim = Shim();
    s.shim->kind = "veth";
    auto p = PlanUp(s, Target());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().msg.find("kind \"veth\"") != std::string::npos);
  }
  SUBCASE("name taken by a macvlan of another master") {
    LiveState s = Fresh();
    s.shim = Shim();
    s.shim->parent_index = 9;
    auto p = PlanUp(s, Target());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().msg.find("another link (#9)") != std::string::npos);
  }
  SUBCASE("nothing to move and no shim") {
    LiveState s = Fresh();
    s.master_addrs.clear();
    auto p = PlanUp(s, Target());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().msg.find("no global address to move and there is no shim") !=
          std::string::npos);
  }
}

TEST_CASE("shim plan: down moves everything back, announces, then deletes the shim") {
  LiveState s = Fresh();
  s.shim = Shim();
  s.shim_addrs = {Addr(7, "172.20.7.100/24", "em2-shim")};
  s.master_addrs.clear();
  s.routes = {Route(7, "0.0.0.0/0", "172.20.7.254"),
              Route(7, "172.20.7.0/24", nullptr, RTPROT_KERNEL)};
  auto plan = PlanDown(s, "em2-shim");
  REQUIRE(plan.ok());
  CHECK(Commands(*plan) == std::vector<std::string>{
                               "ip addr add 172.20.7.100/24 dev em2",
                               "ip route replace default via 172.20.7.254 dev em2",
                               "arping -U -c 2 -I em2 172.20.7.100",
                               "ip addr del 172.20.7.100/24 dev em2-shim", "ip link del em2-shim"});
  LiveState none = Fresh();
  auto empty = PlanDown(none, "em2-shim");
  REQUIRE(empty.ok());
  CHECK(empty->steps.empty());
}
