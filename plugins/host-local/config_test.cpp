// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/config.h"

#include <doctest/doctest.h>

using namespace knetctl;
using namespace knetctl::hostlocal;
using nlohmann::json;

namespace {
Result<IpamConfig> Parse(const char* ipam, std::vector<IpAddress> env_ips = {}) {
  json conf = json::parse(std::string(R"({"name":"n","ipam":)") + ipam + "}");
  return ParseIpamConfig(conf, "n", env_ips);
}
}  // namespace

TEST_CASE("host-local config: legacy fields and defaults like the reference") {
  auto c = Parse(R"({"type":"host-local","subnet":"10.1.0.0/24"})");
  REQUIRE(c.ok());
  REQUIRE(c->range_sets.size() == 1);
  const Range& r = c->range_sets[0].ranges[0];
  CHECK(r.start.ToString() == "10.1.0.1");
  CHECK(r.end.ToString() == "10.1.0.254");
  CHECK(r.gateway->ToString() == "10.1.0.1");
  CHECK(c->data_dir == "/var/lib/cni/networks");
  auto v6 = Parse(R"({"subnet":"fd00::/120"})");
  CHECK(v6->range_sets[0].ranges[0].end.ToString() == "fd00::ff");
}

TEST_CASE("host-local config: ranges, routes, requested IPs") {
  auto c = Parse(R"({"ranges":[[{"subnet":"10.1.0.0/24","rangeStart":"10.1.0.10","rangeEnd":"10.1.0.20"},{"subnet":"10.2.0.0/24"}],
                    [{"subnet":"fd00::/64","gateway":"fd00::fe"}]],
                    "routes":[{"dst":"0.0.0.0/0"},{"dst":"10.32.0.0/24","gw":"10.1.0.100"}],"dataDir":"/tmp/x"})",
                 {IpAddress::Parse("10.1.0.12").value()});
  REQUIRE(c.ok());
  CHECK(c->range_sets.size() == 2);
  CHECK(c->range_sets[0].ranges.size() == 2);
  CHECK(c->range_sets[0].RangeFor(IpAddress::Parse("10.2.0.7").value()) == 1);
  CHECK(c->range_sets[0].RangeFor(IpAddress::Parse("10.1.0.21").value()) == -1);
  CHECK(c->routes.size() == 2);
  CHECK(c->data_dir == "/tmp/x");
  CHECK(c->requested.size() == 1);
  CHECK(c->range_sets[0].ToString() == "10.1.0.10-10.1.0.20,10.2.0.1-10.2.0.254");
}

TEST_CASE("host-local config: every validation names the field and value") {
  CHECK(Parse(R"({"subnet":"10.1.0.5/24"})").error().msg ==
        "ipam.subnet: \"10.1.0.5/24\" has host bits set; for a /24 the network address is 10.1.0.0");
  CHECK(Parse(R"({"subnet":"10.1.0.0/31"})").error().msg == "ipam.subnet: network 10.1.0.0/31 is too small to allocate from");
  CHECK(Parse(R"({"subnet":"nope"})").error().msg.find("is not a CIDR") != std::string::npos);
  CHECK(Parse(R"({"subnet":"10.1.0.0/24","rangeStart":"10.2.0.1"})").error().msg ==
        "ipam.rangeStart 10.2.0.1 is not in subnet 10.1.0.0/24");
  CHECK(Parse(R"({"subnet":"10.1.0.0/24","rangeStart":"10.1.0.9","rangeEnd":"10.1.0.3"})").error().msg ==
        "ipam: rangeStart 10.1.0.9 is after rangeEnd 10.1.0.3");
  CHECK(Parse(R"({"subnet":"10.1.0.0/24","gateway":"10.9.0.1"})").error().msg == "ipam.gateway 10.9.0.1 is not in subnet 10.1.0.0/24");
  CHECK(Parse(R"({"type":"host-local"})").error().msg == "ipam: no IP ranges specified: give \"subnet\" or \"ranges\"");
  CHECK(Parse(R"({"ranges":[[{"subnet":"10.1.0.0/24"}],[{"subnet":"10.1.0.0/25"}]]})").error().msg.find("overlaps") !=
        std::string::npos);
  CHECK(Parse(R"({"ranges":[[{"subnet":"10.1.0.0/24"},{"subnet":"fd00::/64"}]]})").error().msg.find("mixes IPv4 and IPv6") !=
        std::string::npos);
  CHECK(Parse(R"({"subnet":"10.1.0.0/24","routes":[{"gw":"10.1.0.1"}]})").error().msg.find("missing \"dst\"") !=
        std::string::npos);
  CHECK(Parse(R"({"subnet":"10.1.0.0/24","dataDir":5})").error().msg == "ipam.dataDir must be a string, got 5");
  CHECK(Parse(R"({"subnet":"10.1.0.0/24"})").value().range_sets[0].ranges[0].Contains(IpAddress::Parse("10.1.0.254").value()));
}
