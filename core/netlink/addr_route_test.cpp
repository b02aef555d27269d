// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>

#include "core/netlink/addr.h"
#include "core/netlink/link.h"
#include "core/netlink/route.h"
#include "core/netlink/scratch_netns.h"
#include "core/netlink/sysctl.h"

using namespace knetctl;
using namespace knetctl::netlink;
using knetctl::netlink::testing::ScratchNetns;

namespace {
IpPrefix P(const char* s) { return IpPrefix::Parse(s).value(); }
IpAddress A(const char* s) { return IpAddress::Parse(s).value(); }
}  // namespace

TEST_CASE("netlink addr: add with label and nodad, list, delete") {
  ScratchNetns ns;
  REQUIRE(ScratchNetns::Sh("ip link add p0 type veth peer name p1 && ip link set p0 up") == 0);
  auto sock = OpenRouteSocket();
  REQUIRE(sock.ok());
  int idx = GetLink(sock->get(), "p0")->index;
  REQUIRE(AddAddr(sock->get(), {.ifindex = idx, .local = P("10.9.0.5/24"), .label = "p0:shim"}).ok());
  REQUIRE(AddAddr(sock->get(), {.ifindex = idx, .local = P("fd00:9::5/64"), .nodad = true}).ok());
  auto dup = AddAddr(sock->get(), {.ifindex = idx, .local = P("10.9.0.5/24")});
  CHECK(dup.error().code == ErrorCode::kExists);

  auto v4 = ListAddrs(sock->get(), idx, AF_INET);
  REQUIRE(v4.ok());
  REQUIRE(v4->size() == 1);
  CHECK(v4->front().local == P("10.9.0.5/24"));
  CHECK(v4->front().label == "p0:shim");
  CHECK(v4->front().scope == RT_SCOPE_UNIVERSE);
  auto v6 = ListAddrs(sock->get(), idx, AF_INET6);
  REQUIRE(v6.ok());
  auto it = std::find_if(v6->begin(), v6->end(), [](const AddrInfo& a) { return a.local == P("fd00:9::5/64"); });
  REQUIRE(it != v6->end());
  CHECK((it->flags & 0x02 /*IFA_F_NODAD*/) != 0);

  REQUIRE(DeleteAddr(sock->get(), idx, P("10.9.0.5/24")).ok());
  CHECK(DeleteAddr(sock->get(), idx, P("10.9.0.5/24")).error().code == ErrorCode::kNotFound);
  CHECK(ListAddrs(sock->get(), idx, AF_INET)->empty());
}

TEST_CASE("netlink route: add, replace in place, list, delete") {
  ScratchNetns ns;
  REQUIRE(ScratchNetns::Sh("ip link add p0 type veth peer name p1 && ip link set p0 up && ip link set p1 up") == 0);
  auto sock = OpenRouteSocket();
  REQUIRE(sock.ok());
  int idx = GetLink(sock->get(), "p0")->index;
  REQUIRE(AddAddr(sock->get(), {.ifindex = idx, .local = P("10.9.0.5/24")}).ok());

  RouteInfo def;
  def.dst = P("0.0.0.0/0");
  def.gateway = A("10.9.0.1");
  def.oif = idx;
  REQUIRE(AddRoute(sock->get(), def).ok());
  CHECK(AddRoute(sock->get(), def).error().code == ErrorCode::kExists);

  RouteInfo svc;
  svc.dst = P("10.32.0.0/24");
  svc.gateway = A("10.9.0.100");
  svc.mtu = 1400;
  REQUIRE(AddRoute(sock->get(), svc).ok());

  RouteInfo moved = def;
  moved.gateway = A("10.9.0.2");
  REQUIRE(ReplaceRoute(sock->get(), moved).ok());

  auto routes = ListRoutes(sock->get(), AF_INET);
  REQUIRE(routes.ok());
  int defaults = 0;
  for (const auto& r : *routes) {
    if (r.dst.len == 0) {
      ++defaults;
      CHECK(r.gateway == A("10.9.0.2"));
      CHECK(r.oif == idx);
      CHECK(r.table == kTableMain);
      CHECK(r.protocol == RTPROT_BOOT);
    }
    if (r.dst == P("10.32.0.0/24")) {
      CHECK(r.mtu == 1400);
      CHECK(r.gateway == A("10.9.0.100"));
    }
  }
  CHECK(defaults == 1);  // replaced, not added beside
  auto local = ListRoutes(sock->get(), AF_INET, 255);
  REQUIRE(local.ok());
  CHECK(std::any_of(local->begin(), local->end(), [](const RouteInfo& r) { return r.dst == P("10.9.0.5/32"); }));

  auto del = DeleteRoute(sock->get(), moved);
  if (!del.ok()) MESSAGE(del.error().msg);
  REQUIRE(del.ok());
  CHECK(DeleteRoute(sock->get(), moved).error().code == ErrorCode::kNotFound);
}

TEST_CASE("netlink sysctl: per-namespace read and write") {
  ScratchNetns ns;
  REQUIRE(ScratchNetns::Sh("ip link add p0 type veth peer name p1") == 0);
  CHECK(SysctlPath("net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward");
  CHECK(SysctlPath("net/ipv4/conf/em2.100/arp_notify") == "/proc/sys/net/ipv4/conf/em2.100/arp_notify");
  REQUIRE(WriteSysctl("net/ipv4/conf/p0/arp_notify", "1").ok());
  CHECK(ReadSysctl("net/ipv4/conf/p0/arp_notify").value() == "1");
  auto missing = ReadSysctl("net/ipv4/conf/nosuch/arp_notify");
  CHECK(missing.error().code == ErrorCode::kNotFound);
}
