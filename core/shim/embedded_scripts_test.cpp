// SPDX-License-Identifier: Apache-2.0
#include "core/shim/embedded_scripts.h"

#include <doctest/doctest.h>

#include "core/files.h"

TEST_CASE("embedded ifup-macvlan/ifdown-macvlan equal the packaged scripts") {
  // If this fails, the packaged scripts changed: regenerate core/shim/embedded_scripts.cpp
  // (each constant is the file's content inside R"KNETCTL(...)KNETCTL").
  auto up = knetctl::ReadFile(std::string(KNETCTL_SOURCE_DIR) +
                              "/packaging/network-scripts/ifup-macvlan");
  auto down = knetctl::ReadFile(std::string(KNETCTL_SOURCE_DIR) +
                                "/packaging/network-scripts/ifdown-macvlan");
  REQUIRE(up.ok());
  REQUIRE(down.ok());
  CHECK(std::string(knetctl::shim::kIfupMacvlan) == *up);
  CHECK(std::string(knetctl::shim::kIfdownMacvlan) == *down);
}
