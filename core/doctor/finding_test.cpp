// SPDX-License-Identifier: Apache-2.0
#include "core/doctor/finding.h"

#include <doctest/doctest.h>

using namespace knetctl::doctor;

TEST_CASE("doctor: findings render as a table grouped by area with a summary") {
  std::vector<Finding> f = {
      {"cni", Verdict::kPass, "runtimes pick a.conflist", {"candidates: a.conflist"}, ""},
      {"cni", Verdict::kFail, "master em9 does not exist", {}, "set master"},
      {"firewall", Verdict::kWarn, "firewalld is active", {}, "knetctl fw fix --disable-firewalld"},
      {"firewall", Verdict::kInfo, "firewalld: unknown", {}, ""},
  };
  auto t = FindingsTable(f);
  REQUIRE(t.size() == 10);
  CHECK(t[0] == "== cni");
  CHECK(t[1] == "[PASS] runtimes pick a.conflist");
  CHECK(t[2] == "       candidates: a.conflist");
  CHECK(t[3] == "[FAIL] master em9 does not exist");
  CHECK(t[4] == "       fix: set master");
  CHECK(t[5] == "== firewall");
  CHECK(t.back() == "== summary: 1 PASS, 1 WARN, 1 FAIL, 1 INFO");
}

TEST_CASE("doctor: findings as JSON keep every field") {
  auto j = FindingsJson({{"ipam", Verdict::kWarn, "2 malformed", {"a", "b"}, "remove them"}});
  REQUIRE(j.size() == 1);
  CHECK(j[0]["area"] == "ipam");
  CHECK(j[0]["status"] == "WARN");
  CHECK(j[0]["evidence"].size() == 2);
  CHECK(j[0]["fix"] == "remove them");
}
