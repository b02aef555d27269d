// SPDX-License-Identifier: Apache-2.0
#include "core/kube/kube_proxy_config.h"

#include <doctest/doctest.h>

#include "core/files.h"
#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using testing::TestTree;

TEST_CASE("ParseKubeProxyConfig: kubeadm's config.conf") {
  auto text = ReadFile(TestTree("kubeadm") + "/var/lib/kube-proxy/config.conf");
  REQUIRE(text.ok());
  auto c = ParseKubeProxyConfig(*text, "/var/lib/kube-proxy/config.conf");
  REQUIRE(c.ok());
  CHECK(c->cluster_cidr == "10.32.0.0/24");
  CHECK(c->cluster_cidr_origin.line == 10);
  CHECK(c->cluster_cidr_origin.column == 14);
  CHECK(c->masquerade_all == false);
  CHECK(c->masquerade_all_key == "iptables.masqueradeAll");
}

TEST_CASE("ParseKubeProxyConfig: masqueradeAll at top level or under iptables") {
  auto top = ParseKubeProxyConfig("kind: KubeProxyConfiguration\nmasqueradeAll: true\n", "/c");
  REQUIRE(top.ok());
  CHECK(top->masquerade_all == true);
  CHECK_FALSE(top->cluster_cidr.has_value());
  auto conflict = ParseKubeProxyConfig(
      "kind: KubeProxyConfiguration\nmasqueradeAll: true\niptables:\n  masqueradeAll: false\n",
      "/c");
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().msg.find("/c:4:18") != std::string::npos);
}

TEST_CASE("ParseKubeProxyConfig: multi-document files pick the KubeProxyConfiguration") {
  auto c = ParseKubeProxyConfig(
      "kind: KubeletConfiguration\nclusterCIDR: 1.0.0.0/8\n---\nkind: KubeProxyConfiguration\n"
      "clusterCIDR: \"10.32.0.0/24,fd00::/112\"\n",
      "/c");
  REQUIRE(c.ok());
  CHECK(c->cluster_cidr == "10.32.0.0/24,fd00::/112");
  CHECK(c->cluster_cidr_origin.line == 5);
}

TEST_CASE("ParseKubeProxyConfig: bad input gives file:line:column") {
  auto malformed = ReadFile(TestTree("malformed-yaml") + "/var/lib/kube-proxy/config.conf");
  REQUIRE(malformed.ok());
  auto m = ParseKubeProxyConfig(*malformed, "/var/lib/kube-proxy/config.conf");
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().msg.find("failed to parse /var/lib/kube-proxy/config.conf:8:2") == 0);

  auto dup = ParseKubeProxyConfig(
      "kind: KubeProxyConfiguration\nclusterCIDR: 10.0.0.0/8\nclusterCIDR: 10.1.0.0/16\n", "/c");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().msg.find("/c:3:1") != std::string::npos);
  CHECK(dup.error().msg.find("first at /c:2:1") != std::string::npos);

  auto notbool = ParseKubeProxyConfig("kind: KubeProxyConfiguration\nmasqueradeAll: maybe\n", "/c");
  REQUIRE_FALSE(notbool.ok());
  CHECK(notbool.error().msg.find("/c:2:16: masqueradeAll must be true or false") !=
        std::string::npos);

  auto list = ParseKubeProxyConfig("kind: KubeProxyConfiguration\nclusterCIDR: [a]\n", "/c");
  REQUIRE_FALSE(list.ok());
  CHECK(list.error().msg.find("/c:2:14") != std::string::npos);

  // yaml-cpp 0.7's LoadAll loops forever on this; found by parsers_fuzz_test.
  auto stray = ParseKubeProxyConfig("{a: 1},\n", "/c");
  REQUIRE_FALSE(stray.ok());
  CHECK(stray.error().msg.find("failed to parse /c:") == 0);

  auto nokind = ParseKubeProxyConfig("clusterCIDR: 10.0.0.0/8\n", "/c");
  REQUIRE_FALSE(nokind.ok());
  CHECK(nokind.error().msg.find("no KubeProxyConfiguration") != std::string::npos);
}

}  // namespace
}  // namespace knetctl::kube
