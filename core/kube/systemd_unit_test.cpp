// SPDX-License-Identifier: Apache-2.0
#include "core/kube/systemd_unit.h"

#include <doctest/doctest.h>

#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using testing::TempTree;
using testing::TestTree;

std::string Joined(const CommandLine& cl) {
  std::string s;
  for (const auto& a : cl.args) s += (s.empty() ? "" : " ") + a.text;
  return s;
}

TEST_CASE("LoadUnitCommandLine: RPM unit with EnvironmentFile= and continuation lines") {
  auto r = LoadUnitCommandLine(TestTree("rpm"), "kube-proxy.service");
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  const CommandLine& cl = **r;
  CHECK(Joined(cl) ==
        "/usr/bin/kube-proxy --logtostderr=true --v=0 --master=http://172.20.7.100:8080 "
        "--cluster-cidr=10.254.0.0/16 --proxy-mode=iptables");
  CHECK(cl.origin.file == "/usr/lib/systemd/system/kube-proxy.service");
  CHECK(cl.origin.line == 9);
  // The flag points at the variable's assignment, not at the unit.
  CHECK(cl.args[4].origin.file == "/etc/kubernetes/proxy");
  CHECK(cl.args[4].origin.line == 7);
  CHECK(cl.args[4].origin.column == 18);
  CHECK(cl.env_files ==
        std::vector<std::string>{"/etc/kubernetes/config", "/etc/kubernetes/proxy"});
}

TEST_CASE("LoadUnitCommandLine: drop-in resets ExecStart, Environment= and ${VAR}") {
  auto r = LoadUnitCommandLine(TestTree("systemd-dropin"), "kube-proxy.service");
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK(Joined(**r) ==
        "/usr/local/bin/kube-proxy --hostname-override=node1 --cluster-cidr=10.96.0.0/12 "
        "--proxy-mode iptables --kubeconfig=/etc/kubernetes/kube-proxy.kubeconfig --v=2");
  CHECK((**r).args[2].origin.file ==
        "/etc/systemd/system/kube-proxy.service.d/10-cluster-cidr.conf");
  CHECK((**r).args[2].origin.line == 9);
  CHECK((**r).args[5].origin.file == "/etc/default/kube-proxy");
}

TEST_CASE("LoadUnitCommandLine: /etc masks /usr/lib, missing required EnvironmentFile fails") {
  TempTree t;
  t.Write("/usr/lib/systemd/system/kube-proxy.service",
          "[Service]\nExecStart=/usr/bin/kube-proxy --a\n");
  t.Write("/etc/systemd/system/kube-proxy.service",
          "[Service]\nEnvironment=A=1\nExecStart=-/usr/bin/kube-proxy --b=${A}\n");
  auto r = LoadUnitCommandLine(t.root(), "kube-proxy.service");
  REQUIRE(r.ok());
  CHECK(Joined(**r) == "/usr/bin/kube-proxy --b=1");

  t.Write("/etc/systemd/system/kube-proxy.service",
          "[Service]\nEnvironmentFile=/etc/kubernetes/nope\nExecStart=/usr/bin/kube-proxy $X\n");
  auto bad = LoadUnitCommandLine(t.root(), "kube-proxy.service");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("/etc/kubernetes/nope") != std::string::npos);
  CHECK(bad.error().msg.find("kube-proxy.service:2") != std::string::npos);

  auto none = LoadUnitCommandLine(t.root(), "kube-apiserver.service");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

}  // namespace
}  // namespace knetctl::kube
