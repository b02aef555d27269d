// SPDX-License-Identifier: Apache-2.0
#include "core/cidr.h"

#include <doctest/doctest.h>

using namespace knetctl;

TEST_CASE("cidr: parse IPv4 and IPv6 prefixes") {
  auto p = IpPrefix::Parse("10.32.0.0/24");
  REQUIRE(p.ok());
  CHECK(p->ToString() == "10.32.0.0/24");
  CHECK_FALSE(p->HasHostBits());
  auto h = IpPrefix::Parse("10.32.0.5/24");
  REQUIRE(h.ok());
  CHECK(h->HasHostBits());
  CHECK(h->Network().ToString() == "10.32.0.0/24");
  auto v6 = IpPrefix::Parse("fd00:10:32::/108");
  REQUIRE(v6.ok());
  CHECK(v6->addr.is_v6());
  CHECK(v6->Last().ToString() == "fd00:10:32::f:ffff");
}

TEST_CASE("cidr: bad input is named") {
  auto e = IpPrefix::Parse("10.32.0.0/33");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().msg.find("10.32.0.0/33") != std::string::npos);
  CHECK_FALSE(IpPrefix::Parse("10.32.0.0").ok());
  CHECK(IpPrefix::Parse("10.32.0.1", true)->len == 32);
  CHECK_FALSE(IpPrefix::Parse("300.1.1.1/8").ok());
  CHECK_FALSE(IpPrefix::Parse("10.0.0.0/").ok());
  CHECK_FALSE(IpPrefix::Parse("10.0.0.0/8x").ok());
}

TEST_CASE("cidr: contains and overlaps") {
  auto a = *IpPrefix::Parse("10.0.0.0/8");
  auto b = *IpPrefix::Parse("10.32.0.0/24");
  auto c = *IpPrefix::Parse("192.168.0.0/16");
  CHECK(a.Contains(b));
  CHECK_FALSE(b.Contains(a));
  CHECK(a.Overlaps(b));
  CHECK(b.Overlaps(a));
  CHECK_FALSE(a.Overlaps(c));
  CHECK(b.Contains(*IpAddress::Parse("10.32.0.1")));
  CHECK_FALSE(b.Contains(*IpAddress::Parse("fd00::1")));
}

TEST_CASE("cidr: arithmetic") {
  auto ip = *IpAddress::Parse("10.0.0.255");
  CHECK(ip.Add(1).ToString() == "10.0.1.0");
  CHECK(ip.Add(1).Sub(1) == ip);
  CHECK(IpAddress::Parse("0.0.0.0")->Sub(1).ToString() == "255.255.255.255");
  CHECK(Distance(*IpAddress::Parse("10.0.0.1"), *IpAddress::Parse("10.0.0.10")) == 10);
  CHECK(IpPrefix::Parse("10.0.0.0/16")->Size() == 65536);
  CHECK(IpAddress::Parse("fd00::ffff")->Add(1).ToString() == "fd00::1:0");
}
