// SPDX-License-Identifier: Apache-2.0
#include "core/firewall/firewalld.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace knetctl;
using namespace knetctl::firewall;

namespace {
// A service manager whose answers the test sets; records the systemctl calls.
class FakeServices : public ServiceManager {
 public:
  bool available = true;
  std::set<std::string> installed;
  std::map<std::string, std::string> active, enabled;
  std::vector<std::vector<std::string>> calls;

  bool Available() const override { return available; }
  Result<std::string> ActiveState(const std::string& u) override {
    return active.count(u) ? active[u] : std::string("inactive");
  }
  Result<std::string> EnabledState(const std::string& u) override {
    return enabled.count(u) ? enabled[u] : std::string("disabled");
  }
  bool Installed(const std::string& u) const override { return installed.count(u) > 0; }
  Status Systemctl(const std::vector<std::string>& args) override {
    calls.push_back(args);
    return {};
  }
};
}  // namespace

TEST_CASE("firewalld state: no service manager means unknown, never a guess") {
  FakeServices sm;
  sm.available = false;
  sm.installed = {"firewalld.service"};
  sm.active["firewalld.service"] = "active";
  CHECK(FirewalldState(sm) == "unknown");
  CHECK(PlanDisableFirewalld(sm).empty());
}

TEST_CASE("firewalld state: active, inactive, not installed") {
  FakeServices sm;
  CHECK(FirewalldState(sm) == "not-installed");
  sm.installed = {"firewalld.service"};
  CHECK(FirewalldState(sm) == "inactive");
  sm.active["firewalld.service"] = "active";
  CHECK(FirewalldState(sm) == "active");
  sm.active["firewalld.service"] = "activating";
  CHECK(FirewalldState(sm) == "active");
  sm.active["firewalld.service"] = "failed";
  CHECK(FirewalldState(sm) == "inactive");
}

TEST_CASE("disable plan: firewalld off, iptables.service on when iptables-services is installed") {
  FakeServices sm;
  sm.installed = {"firewalld.service", "iptables.service"};
  sm.active["firewalld.service"] = "active";
  sm.enabled["firewalld.service"] = "enabled";
  auto plan = PlanDisableFirewalld(sm);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0] == std::vector<std::string>{"disable", "--now", "firewalld.service"});
  CHECK(plan[1] == std::vector<std::string>{"enable", "iptables.service"});
}

TEST_CASE(
    "disable plan: enabled but stopped firewalld is still disabled; nothing without "
    "iptables-services") {
  FakeServices sm;
  sm.installed = {"firewalld.service"};
  sm.enabled["firewalld.service"] = "enabled";
  auto plan = PlanDisableFirewalld(sm);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0][0] == "disable");
}

TEST_CASE("disable plan: already done means nothing to do") {
  FakeServices sm;
  sm.installed = {"firewalld.service", "iptables.service", "ip6tables.service"};
  sm.enabled["firewalld.service"] = "disabled";
  sm.enabled["iptables.service"] = "enabled";
  sm.enabled["ip6tables.service"] = "enabled";
  CHECK(PlanDisableFirewalld(sm).empty());
  sm.enabled["ip6tables.service"] = "disabled";
  auto plan = PlanDisableFirewalld(sm);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0] == std::vector<std::string>{"enable", "ip6tables.service"});
}

TEST_CASE("the real systemd manager under a foreign --root is not available") {
  auto sm = MakeSystemd("/nonexistent-root");
  CHECK_FALSE(sm->Available());
  CHECK(FirewalldState(*sm) == "unknown");
}
