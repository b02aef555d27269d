// SPDX-License-Identifier: Apache-2.0
#include "core/kube/cni_routes.h"

#include <doctest/doctest.h>

#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using testing::TempTree;
using testing::TestTree;

TEST_CASE("ParseCniServiceRoutes: conflist picks the macvlan entry's ipam.routes") {
  auto r = ParseCniServiceRoutes(
      R"({"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge","ipam":{"routes":[{"dst":"1.0.0.0/8"}]}},
          {"type":"macvlan","ipam":{"type":"host-local","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.32.0.0/24","gw":"172.20.7.100"}]}}]})",
      "/c");
  REQUIRE(r.ok());
  CHECK(r->has_macvlan);
  REQUIRE(r->routes.size() == 2);
  CHECK(r->routes[1].dst.ToString() == "10.32.0.0/24");
  CHECK(r->routes[1].gw->ToString() == "172.20.7.100");
  CHECK(r->routes[1].index == 1);
  CHECK_FALSE(r->routes[0].gw.has_value());
}

TEST_CASE("ParseCniServiceRoutes: single-plugin .conf, knetctl-cni type, no macvlan") {
  auto one = ParseCniServiceRoutes(
      R"({"name":"n","type":"knetctl-cni","ipam":{"routes":[{"dst":"fd00::/112","gw":"fd00:1::1"}]}})",
      "/c");
  REQUIRE(one.ok());
  CHECK(one->has_macvlan);
  CHECK(one->routes[0].dst.addr.is_v6());
  auto other = ParseCniServiceRoutes(R"({"name":"n","type":"bridge"})", "/c");
  REQUIRE(other.ok());
  CHECK_FALSE(other->has_macvlan);
}

TEST_CASE("ParseCniServiceRoutes: malformed JSON gives line:column, bad fields name the field") {
  auto bad = ParseCniServiceRoutes("{\n  \"name\": \"n\",\n  \"type\": macvlan\n}",
                                   "/etc/cni/net.d/x.conf");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("failed to parse /etc/cni/net.d/x.conf:3:11") == 0);
  auto dst =
      ParseCniServiceRoutes(R"({"type":"macvlan","ipam":{"routes":[{"dst":"10.32.0.0"}]}})", "/c");
  REQUIRE_FALSE(dst.ok());
  CHECK(dst.error().msg.find("config.ipam.routes[0].dst") != std::string::npos);
  auto gw = ParseCniServiceRoutes(
      R"({"type":"macvlan","ipam":{"routes":[{"dst":"10.32.0.0/24","gw":"fd00::1"}]}})", "/c");
  REQUIRE_FALSE(gw.ok());
  CHECK(gw.error().msg.find("different IP families") != std::string::npos);
  CHECK_FALSE(ParseCniServiceRoutes(R"({"name":"n","plugins":[]})", "/c").ok());
  CHECK_FALSE(ParseCniServiceRoutes(R"([1,2])", "/c").ok());
}

TEST_CASE("FindCniConfig: lexical order, first valid one, others skipped with a reason") {
  std::vector<std::string> skipped;
  auto r = FindCniConfig(TestTree("bad-cni"), "/etc/cni/net.d", &skipped);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((*r)->file == "/etc/cni/net.d/10-macvlan.conflist");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].find("00-broken.conflist:5:41") != std::string::npos);

  TempTree t;
  t.Write("/etc/cni/net.d/20-b.conf", R"({"name":"b","type":"macvlan"})");
  t.Write("/etc/cni/net.d/10-a.json", R"({"name":"a","type":"bridge"})");
  t.Write("/etc/cni/net.d/05-ignored.txt", R"({"name":"x","type":"macvlan"})");
  auto first = FindCniConfig(t.root(), "/etc/cni/net.d", nullptr);
  REQUIRE(first.ok());
  CHECK((*first)->file == "/etc/cni/net.d/10-a.json");
  auto none = FindCniConfig(t.root(), "/etc/cni/nothing", nullptr);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

}  // namespace
}  // namespace knetctl::kube
