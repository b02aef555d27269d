// SPDX-License-Identifier: Apache-2.0
// Fuzz-ish robustness: every parser gets truncations and random mutations of real
// inputs and must return a value or an Error, never throw or crash (run it under the
// sanitizer build too).
#include <doctest/doctest.h>

#include <random>

#include "core/files.h"
#include "core/kube/cni_routes.h"
#include "core/kube/env_file.h"
#include "core/kube/kube_proxy_config.h"
#include "core/kube/proc_cmdline.h"
#include "core/kube/range_compare.h"
#include "core/kube/shell_words.h"
#include "core/kube/static_pod.h"
#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

std::string Load(const std::string& tree, const std::string& path) {
  auto t = ReadFile(testing::TestTree(tree) + path);
  REQUIRE(t.ok());
  return *t;
}

void Feed(const std::string& text) {
  CHECK_NOTHROW((void)ParseKubeProxyConfig(text, "/f"));
  CHECK_NOTHROW((void)ParseStaticPodCommand(text, "/f", "kube-apiserver"));
  CHECK_NOTHROW((void)ParseCniServiceRoutes(text, "/f"));
  CHECK_NOTHROW({
    auto env = ParseEnvFile(text, "/f");
    if (env.ok()) {
      EnvMap m;
      MergeEnv(*env, m);
      PosText p;
      p.file = "/f";
      for (size_t i = 0; i < text.size(); ++i) p.Append(text[i], 1, static_cast<int>(i + 1));
      (void)SplitWords(p, &m);
    }
  });
  CHECK_NOTHROW((void)SplitCmdline(text));
  CHECK_NOTHROW((void)ParseCidrList(text.substr(0, 64), "x"));
}

TEST_CASE("parsers survive truncated and mutated inputs") {
  const std::vector<std::string> seeds = {
      Load("kubeadm", "/var/lib/kube-proxy/config.conf"),
      Load("kubeadm", "/etc/kubernetes/manifests/kube-apiserver.yaml"),
      Load("kubeadm", "/etc/cni/net.d/10-macvlan.conflist"),
      Load("rpm", "/etc/kubernetes/apiserver"),
      Load("rpm", "/usr/lib/systemd/system/kube-proxy.service"),
      Load("systemd-dropin", "/etc/systemd/system/kube-proxy.service.d/10-cluster-cidr.conf"),
  };
  std::mt19937 rng(20261203);
  const std::string specials = "\"'\\${}[]:,-#\n\t \0&*!|>%@`";
  for (const auto& seed : seeds) {
    for (size_t n = 0; n <= seed.size(); n += 7) Feed(seed.substr(0, n));
    for (int round = 0; round < 150; ++round) {
      std::string m = seed;
      int edits = 1 + static_cast<int>(rng() % 6);
      for (int e = 0; e < edits && !m.empty(); ++e) {
        size_t at = rng() % m.size();
        switch (rng() % 3) {
          case 0:
            m[at] = specials[rng() % specials.size()];
            break;
          case 1:
            m.erase(at, 1 + rng() % 8);
            break;
          default:
            m.insert(at, 1, static_cast<char>(rng() % 256));
            break;
        }
      }
      Feed(m);
    }
  }
  for (int round = 0; round < 300; ++round) {
    std::string junk(rng() % 200, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() % 256);
    Feed(junk);
  }
}

}  // namespace
}  // namespace knetctl::kube
