// SPDX-License-Identifier: Apache-2.0
#include "core/kube/flags.h"

#include <doctest/doctest.h>

namespace knetctl::kube {
namespace {

CommandLine Line(std::vector<std::string> args) {
  CommandLine cl;
  cl.what = "test";
  int i = 1;
  for (auto& a : args) cl.args.push_back(Arg{a, Origin{"/f", i++, 1}});
  return cl;
}

TEST_CASE("FindFlag: --flag=value and --flag value") {
  auto cl = Line({"kube-proxy", "--v", "2", "--cluster-cidr", "10.32.0.0/24", "--config=/x"});
  auto c = FindFlag(cl, "cluster-cidr");
  REQUIRE(c.ok());
  REQUIRE(c->has_value());
  CHECK((*c)->value == "10.32.0.0/24");
  CHECK((*c)->origin.line == 4);
  auto cfg = FindFlag(cl, "config");
  REQUIRE(cfg.ok());
  CHECK((*cfg)->value == "/x");
  auto none = FindFlag(cl, "masquerade-all", true);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEST_CASE("FindFlag: boolean flags never take the next argument") {
  auto cl = Line({"kube-proxy", "--masquerade-all", "--cluster-cidr=10.0.0.0/8"});
  auto m = FindFlag(cl, "masquerade-all", true);
  REQUIRE(m.ok());
  CHECK((*m)->value == "true");
  auto c = FindFlag(cl, "cluster-cidr");
  REQUIRE(c.ok());
  CHECK((*c)->value == "10.0.0.0/8");
  // a known boolean before a value-looking argument does not swallow it
  auto cl2 = Line({"kube-apiserver", "--allow-privileged", "positional",
                   "--service-cluster-ip-range=10.1.0.0/16"});
  auto r = FindFlag(cl2, "service-cluster-ip-range");
  REQUIRE(r.ok());
  CHECK((*r)->value == "10.1.0.0/16");
}

TEST_CASE("FindFlag: duplicates agree or conflict") {
  auto same = FindFlag(Line({"p", "--cluster-cidr=10.0.0.0/8", "--cluster-cidr", "10.0.0.0/8"}),
                       "cluster-cidr");
  REQUIRE(same.ok());
  CHECK((*same)->value == "10.0.0.0/8");
  auto diff = FindFlag(Line({"p", "--cluster-cidr=10.0.0.0/8", "--cluster-cidr=10.1.0.0/16"}),
                       "cluster-cidr");
  REQUIRE_FALSE(diff.ok());
  CHECK(diff.error().msg.find("conflicting --cluster-cidr") != std::string::npos);
  CHECK(diff.error().msg.find("/f:2:1") != std::string::npos);
  CHECK(diff.error().msg.find("/f:3:1") != std::string::npos);
}

TEST_CASE("FindFlag: missing value, and -- ends the flags") {
  auto r = FindFlag(Line({"p", "--cluster-cidr"}), "cluster-cidr");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().msg.find("has no value") != std::string::npos);
  auto after = FindFlag(Line({"p", "--", "--cluster-cidr=1.0.0.0/8"}), "cluster-cidr");
  REQUIRE(after.ok());
  CHECK_FALSE(after->has_value());
}

TEST_CASE("ParseGoBool") {
  CHECK(ParseGoBool("true") == true);
  CHECK(ParseGoBool("T") == true);
  CHECK(ParseGoBool("0") == false);
  CHECK_FALSE(ParseGoBool("yes").has_value());
}

}  // namespace
}  // namespace knetctl::kube
