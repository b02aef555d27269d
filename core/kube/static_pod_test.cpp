// SPDX-License-Identifier: Apache-2.0
#include "core/kube/static_pod.h"

#include <doctest/doctest.h>

#include "core/files.h"
#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using testing::TestTree;

TEST_CASE("ParseStaticPodCommand: kubeadm's kube-apiserver.yaml") {
  const std::string path = "/etc/kubernetes/manifests/kube-apiserver.yaml";
  auto text = ReadFile(TestTree("kubeadm") + path);
  REQUIRE(text.ok());
  auto cl = ParseStaticPodCommand(*text, path, "kube-apiserver");
  REQUIRE(cl.ok());
  CHECK(cl->args[0].text == "kube-apiserver");
  bool found = false;
  for (const auto& a : cl->args) {
    if (a.text != "--service-cluster-ip-range=10.32.0.0/24") continue;
    found = true;
    CHECK(a.origin.line == 33);
    CHECK(a.origin.column == 7);
  }
  CHECK(found);
}

TEST_CASE("ParseStaticPodCommand: args after command, container by name, errors") {
  auto cl = ParseStaticPodCommand(
      "spec:\n  containers:\n  - name: sidecar\n    command: [sleep]\n"
      "  - name: kube-apiserver\n    args:\n    - --service-cluster-ip-range=10.1.0.0/16\n",
      "/m", "kube-apiserver");
  REQUIRE(cl.ok());
  REQUIRE(cl->args.size() == 2);
  CHECK(cl->args[0].text == "kube-apiserver");
  CHECK(cl->args[1].origin.line == 7);

  auto none =
      ParseStaticPodCommand("spec:\n  containers:\n  - name: etcd\n", "/m", "kube-apiserver");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().msg.find("no kube-apiserver container") != std::string::npos);

  auto bad = ParseStaticPodCommand("spec:\n  containers:\n  - command: [kube-apiserver\n", "/m",
                                   "kube-apiserver");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("failed to parse /m:") == 0);

  auto nested = ParseStaticPodCommand(
      "spec:\n  containers:\n  - command:\n    - kube-apiserver\n    - {a: b}\n", "/m",
      "kube-apiserver");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().msg.find("/m:5:7") != std::string::npos);
}

}  // namespace
}  // namespace knetctl::kube
