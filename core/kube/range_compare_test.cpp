// SPDX-License-Identifier: Apache-2.0
#include "core/kube/range_compare.h"

#include <doctest/doctest.h>

namespace knetctl::kube {
namespace {

RangeComparison Compare(const std::string& cluster, const std::string& service) {
  auto c = ParseCidrList(cluster, "cluster");
  auto s = ParseCidrList(service, "service");
  REQUIRE(c.ok());
  REQUIRE(s.ok());
  return CompareRanges(*c, *s);
}

TEST_CASE("ParseCidrList") {
  auto l = ParseCidrList(" 10.32.0.5/24 , fd00:10:96::/112", "x");
  REQUIRE(l.ok());
  REQUIRE(l->networks.size() == 2);
  CHECK(l->networks[0].ToString() == "10.32.0.0/24");
  CHECK(l->written[0].ToString() == "10.32.0.5/24");
  CHECK(l->host_bits == std::vector<std::string>{"10.32.0.5/24"});
  CHECK(ParseCidrList("", "x")->networks.empty());
  auto bad = ParseCidrList("10.32.0.0", "clusterCIDR at /c:3:14");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("invalid clusterCIDR at /c:3:14 \"10.32.0.0\"") == 0);
  CHECK_FALSE(ParseCidrList("10.0.0.0/8,10.1.0.0/16", "x").ok());
  CHECK_FALSE(ParseCidrList("10.0.0.0/8,", "x").ok());
}

TEST_CASE("CompareRanges: match, mismatch, missing, as networks") {
  CHECK(Compare("10.32.0.0/24", "10.32.0.0/24").verdict == "match");
  CHECK(Compare("10.32.0.9/24", "10.32.0.0/24").verdict == "match");
  CHECK(Compare("10.32.0.0/16", "10.32.0.0/24").verdict == "mismatch");
  CHECK(Compare("10.244.0.0/16", "10.32.0.0/24").verdict == "mismatch");
  CHECK(Compare("", "10.32.0.0/24").verdict == "missing");
  CHECK(Compare("fd00:10:96::/112", "fd00:10:96::/112").verdict == "match");
  CHECK(Compare("fd00:10:96::1/112", "fd00:10:97::/112").verdict == "mismatch");
}

TEST_CASE("CompareRanges: dual-stack in either order, partial, extra family") {
  CHECK(Compare("fd00:10:96::/112,10.32.0.0/24", "10.32.0.0/24,fd00:10:96::/112").verdict ==
        "match");
  auto partial = Compare("10.32.0.0/24", "10.32.0.0/24,fd00:10:96::/112");
  CHECK(partial.verdict == "missing");
  CHECK(partial.families[0].matched);
  CHECK_FALSE(partial.families[1].has_cluster);
  auto mixed = Compare("10.33.0.0/24", "10.32.0.0/24,fd00:10:96::/112");
  CHECK(mixed.verdict == "mismatch");
  auto extra = Compare("10.32.0.0/24,fd00::/64", "10.32.0.0/24");
  CHECK(extra.verdict == "match");
  REQUIRE(extra.extra.size() == 1);
  CHECK(extra.extra[0].ToString() == "fd00::/64");
}

}  // namespace
}  // namespace knetctl::kube
