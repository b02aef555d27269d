// SPDX-License-Identifier: Apache-2.0
#include "core/persist/ini.h"

#include <doctest/doctest.h>

using knetctl::persist::IniFile;

TEST_CASE("ini: repeated keys and sections, untouched lines kept") {
  std::string text =
      "# "
      "head\n[Match]\nName=em2\n\n[Network]\nAddress=10.0.0.1/24\nAddress=10.0.0.2/24\nLLDP=yes\n\n"
      "[Route]\nDestination=10.9.0.0/16\nGateway=10.0.0.254\n";
  auto f = IniFile::Parse(text);
  CHECK(f.Render() == text);
  CHECK(f.GetAll("Network", "Address") == std::vector<std::string>{"10.0.0.1/24", "10.0.0.2/24"});
  CHECK(f.Get("Match", "Name") == "em2");
  CHECK(f.Remove("Network", "Address") == 2);
  f.Add("Network", "MACVLAN", "em2-shim");
  auto routes = f.TakeSections("Route");
  REQUIRE(routes.size() == 1);
  CHECK(routes[0] == "[Route]\nDestination=10.9.0.0/16\nGateway=10.0.0.254\n");
  CHECK(f.Render() == "# head\n[Match]\nName=em2\n\n[Network]\nLLDP=yes\nMACVLAN=em2-shim\n\n");
}

TEST_CASE("ini: Set replaces in place or creates the section") {
  auto f = IniFile::Parse("[ipv4]\nmethod=manual\naddress1=10.0.0.1/24\n");
  f.Set("ipv4", "method", "disabled");
  f.Set("ipv6", "method", "ignore");
  CHECK(f.Render() == "[ipv4]\nmethod=disabled\naddress1=10.0.0.1/24\n\n[ipv6]\nmethod=ignore\n");
  CHECK(f.RemoveIf("ipv4", [](const std::string& k) { return k.rfind("address", 0) == 0; }) == 1);
  CHECK_FALSE(f.Get("ipv4", "address1").has_value());
}
