// SPDX-License-Identifier: Apache-2.0
#include "core/sysconfig/network_scripts.h"

#include <doctest/doctest.h>

using namespace knetctl::sysconfig;

namespace {
std::string Root(const std::string& name) {
  return std::string(KNETCTL_SOURCE_DIR) + "/testdata/sysconfig/" + name;
}
}  // namespace

TEST_CASE("network-scripts: ignored backup names") {
  CHECK(IsIgnoredByNetworkService("ifcfg-em2.bak"));
  CHECK(IsIgnoredByNetworkService("ifcfg-em2~"));
  CHECK(IsIgnoredByNetworkService("ifcfg-em2.rpmsave"));
  CHECK_FALSE(IsIgnoredByNetworkService("ifcfg-em2.old"));
  CHECK_FALSE(IsIgnoredByNetworkService("ifcfg-em2.knetctl"));
  CHECK_FALSE(IsIgnoredByNetworkService("ifcfg-em2-shim"));
}

TEST_CASE("network-scripts: bring-up order matches sort -k1,1 -k2n") {
  CHECK(NetworkServiceOrderLess("em2", "em2-shim"));
  CHECK_FALSE(NetworkServiceOrderLess("em2-shim", "em2"));
  CHECK(NetworkServiceOrderLess("eth2", "eth10"));  // numeric, not lexical
  CHECK(NetworkServiceOrderLess("em", "em0"));
  CHECK(NetworkServiceOrderLess("enp3s0", "enp3s0-shim"));
  CHECK(NetworkServiceOrderLess("eth9-shim", "eth10"));
  CHECK_FALSE(NetworkServiceOrderLess("em2", "em2"));
  // A name with a different prefix sorts by the prefix: "shim-em2" comes after "em2"
  // but "a-em2" would come before it.
  CHECK(NetworkServiceOrderLess("em2", "shim-em2"));
  CHECK(NetworkServiceOrderLess("a-em2", "em2"));
}

TEST_CASE("network-scripts: finds the ifcfg of a device by name or by DEVICE=") {
  auto a = FindIfcfgForDevice(Root("centos7-anaconda"), "em2");
  REQUIRE(a.ok());
  REQUIRE(a->has_value());
  CHECK(a->value() == Root("centos7-anaconda") + "/etc/sysconfig/network-scripts/ifcfg-em2");
  auto h = FindIfcfgForDevice(Root("centos7-handwritten"), "em2");
  REQUIRE(h.ok());
  REQUIRE(h->has_value());
  CHECK(h->value() == Root("centos7-handwritten") + "/etc/sysconfig/network-scripts/ifcfg-lan");
  auto none = FindIfcfgForDevice(Root("centos7-anaconda"), "em3");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto missing_dir = FindIfcfgForDevice("/nonexistent-root-for-test", "em2");
  REQUIRE(missing_dir.ok());
  CHECK_FALSE(missing_dir->has_value());
}
