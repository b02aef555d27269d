// SPDX-License-Identifier: Apache-2.0
#include "plugins/skel/result.h"

#include <doctest/doctest.h>

using namespace knetctl;
using namespace knetctl::cni;

namespace {
CniResult Sample() {
  CniResult r;
  r.interfaces.push_back({"eth0", "02:00:00:00:00:01", "/run/netns/p", 1500});
  r.ips.push_back({IpPrefix::Parse("10.1.0.5/24").value(), IpAddress::Parse("10.1.0.1").value(), 0});
  r.ips.push_back({IpPrefix::Parse("fd00::5/64").value(), std::nullopt, 0});
  Route route;
  route.dst = IpPrefix::Parse("0.0.0.0/0").value();
  route.mtu = 1400;
  r.routes.push_back(route);
  r.dns.nameservers = {"10.1.0.53"};
  return r;
}
}  // namespace

TEST_CASE("result: shape per version") {
  auto r = Sample();
  CHECK(r.ToJson("1.1.0").dump() ==
        R"({"cniVersion":"1.1.0","dns":{"nameservers":["10.1.0.53"]},"interfaces":[{"mac":"02:00:00:00:00:01","mtu":1500,"name":"eth0","sandbox":"/run/netns/p"}],"ips":[{"address":"10.1.0.5/24","gateway":"10.1.0.1","interface":0},{"address":"fd00::5/64","interface":0}],"routes":[{"dst":"0.0.0.0/0","mtu":1400}]})");
  CHECK(r.ToJson("1.0.0").dump() ==
        R"({"cniVersion":"1.0.0","dns":{"nameservers":["10.1.0.53"]},"interfaces":[{"mac":"02:00:00:00:00:01","name":"eth0","sandbox":"/run/netns/p"}],"ips":[{"address":"10.1.0.5/24","gateway":"10.1.0.1","interface":0},{"address":"fd00::5/64","interface":0}],"routes":[{"dst":"0.0.0.0/0"}]})");
  CHECK(r.ToJson("0.3.1").at("ips")[1].at("version") == "6");
  CHECK(r.ToJson("0.2.0").dump() ==
        R"({"cniVersion":"0.2.0","dns":{"nameservers":["10.1.0.53"]},"ip4":{"gateway":"10.1.0.1","ip":"10.1.0.5/24","routes":[{"dst":"0.0.0.0/0"}]},"ip6":{"ip":"fd00::5/64"}})");
}

TEST_CASE("result: reads every version back") {
  auto r = Sample();
  for (const char* v : {"0.2.0", "0.4.0", "1.1.0"}) {
    auto back = CniResult::FromJson(r.ToJson(v));
    REQUIRE(back.ok());
    CHECK(back->ips.size() == 2);
    CHECK(back->ips[0].gateway == IpAddress::Parse("10.1.0.1").value());
    CHECK(back->routes.size() == 1);
  }
  CHECK_FALSE(CniResult::FromJson(nlohmann::json::parse(R"({"ips":[{"address":"nope"}]})")).ok());
  auto bad_route = ParseRoute(nlohmann::json::parse(R"({"dst":"0.0.0.0/0","gw":"fd00::1"})"), "ipam.routes[0]");
  CHECK(bad_route.error().msg == "ipam.routes[0]: gw fd00::1 and dst 0.0.0.0/0 are of different IP families");
}
