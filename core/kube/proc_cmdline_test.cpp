// SPDX-License-Identifier: Apache-2.0
#include "core/kube/proc_cmdline.h"

#include <doctest/doctest.h>

#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using namespace std::string_literals;
using testing::TempTree;
using testing::TestTree;

TEST_CASE("SplitCmdline") {
  CHECK(SplitCmdline("a\0b\0\0c\0"s) == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(SplitCmdline("a\0b"s) == std::vector<std::string>{"a", "b"});
  CHECK(SplitCmdline("").empty());
}

TEST_CASE("RunsProgram") {
  CHECK(RunsProgram({"/usr/local/bin/kube-proxy", "--v=2"}, "kube-proxy"));
  CHECK(RunsProgram({"/hyperkube", "proxy"}, "kube-proxy"));
  CHECK(RunsProgram({"hyperkube", "kube-apiserver"}, "kube-apiserver"));
  CHECK_FALSE(RunsProgram({"kube-controller-manager", "--cluster-cidr=1.0.0.0/8"}, "kube-proxy"));
  CHECK_FALSE(RunsProgram({}, "kube-proxy"));
}

TEST_CASE("FindProcesses reads a fake /proc and ignores other programs") {
  auto procs = FindProcesses(TestTree("kubeadm"), "kube-proxy");
  REQUIRE(procs.size() == 1);
  CHECK(procs[0].what == "process 4242");
  CHECK(procs[0].origin.file == "/proc/4242/cmdline");
  CHECK(procs[0].args[1].text == "--config=/var/lib/kube-proxy/config.conf");
  CHECK(FindProcesses(TestTree("rpm"), "kube-proxy").empty());

  TempTree t;
  t.Write("/proc/20/cmdline", "/hyperkube\0proxy\0--cluster-cidr=1.0.0.0/8\0"s);
  t.Write("/proc/3/cmdline", "kube-proxy\0"s);
  t.Write("/proc/self/cmdline", "kube-proxy\0"s);
  t.Write("/proc/99999999999999999999999/cmdline", "kube-proxy\0"s);
  auto found = FindProcesses(t.root(), "kube-proxy");
  REQUIRE(found.size() == 3);
  CHECK(found[0].what == "process 3");
  CHECK(found[1].what == "process 20");
  CHECK(found[1].args[0].text == "proxy");
}

}  // namespace
}  // namespace knetctl::kube
