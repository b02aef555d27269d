// SPDX-License-Identifier: Apache-2.0
#include "core/kube/discovery.h"

#include <doctest/doctest.h>

#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using namespace std::string_literals;
using testing::TempTree;
using testing::TestTree;

TEST_CASE("DiscoverKubeProxy: kubeadm process with --config; the file wins") {
  auto kp = DiscoverKubeProxy({TestTree("kubeadm"), "", ""});
  REQUIRE(kp.ok());
  REQUIRE(kp->cluster_cidr);
  CHECK(kp->cluster_cidr->value == "10.32.0.0/24");
  CHECK(kp->cluster_cidr->origin.ToString() == "/var/lib/kube-proxy/config.conf:10");
  CHECK(kp->config_file == "/var/lib/kube-proxy/config.conf");
  CHECK(kp->kubeadm);
  CHECK(kp->fix.kind == FixPlace::kConfigField);
  // the kube-controller-manager process (--cluster-cidr=10.244.0.0/16) is not looked at
  for (const auto& s : kp->sources) CHECK(s.value != "10.244.0.0/16");
}

TEST_CASE("DiscoverKubeProxy: RPM unit + /etc/kubernetes/proxy") {
  auto kp = DiscoverKubeProxy({TestTree("rpm"), "", ""});
  REQUIRE(kp.ok());
  REQUIRE(kp->cluster_cidr);
  CHECK(kp->cluster_cidr->value == "10.254.0.0/16");
  CHECK(kp->cluster_cidr->origin.ToString() == "/etc/kubernetes/proxy:7");
  CHECK(kp->fix.kind == FixPlace::kFlag);
  CHECK_FALSE(kp->masquerade_all.has_value());
}

TEST_CASE("DiscoverKubeProxy: missing flag -> where to add it") {
  auto rpm = DiscoverKubeProxy({TestTree("rpm-missing-cidr"), "", ""});
  REQUIRE(rpm.ok());
  CHECK_FALSE(rpm->cluster_cidr.has_value());
  CHECK(rpm->fix.detail == "KUBE_PROXY_ARGS");
  auto cm = DiscoverKubeProxy({TestTree("controller-manager-only"), "", ""});
  REQUIRE(cm.ok());
  CHECK_FALSE(cm->cluster_cidr.has_value());
  CHECK(cm->fix.detail == "process 907");
}

TEST_CASE("DiscoverKubeProxy: conflicts are errors naming both places") {
  auto flags = DiscoverKubeProxy({TestTree("conflicting-flags"), "", ""});
  REQUIRE_FALSE(flags.ok());
  CHECK(flags.error().msg.find("/etc/kubernetes/proxy:7:18") != std::string::npos);
  CHECK(flags.error().msg.find("/etc/kubernetes/proxy:7:69") != std::string::npos);
  auto sources = DiscoverKubeProxy({TestTree("conflicting-sources"), "", ""});
  REQUIRE_FALSE(sources.ok());
  CHECK(sources.error().msg.find("/proc/2211/cmdline") != std::string::npos);
  CHECK(sources.error().msg.find("/etc/kubernetes/proxy:7:18") != std::string::npos);
}

TEST_CASE(
    "DiscoverKubeProxy: flags ignored under --config are warned about; nothing found is an error") {
  TempTree t;
  t.Write("/proc/5/cmdline", "kube-proxy\0--cluster-cidr=10.9.0.0/16\0--config\0/etc/kp.yaml\0"s);
  t.Write("/etc/kp.yaml", "kind: KubeProxyConfiguration\nclusterCIDR: 10.32.0.0/24\n");
  auto kp = DiscoverKubeProxy({t.root(), "", ""});
  REQUIRE(kp.ok());
  CHECK(kp->cluster_cidr->value == "10.32.0.0/24");
  REQUIRE(kp->warnings.size() == 1);
  CHECK(kp->warnings[0].find("--cluster-cidr=10.9.0.0/16") != std::string::npos);

  TempTree empty;
  auto none = DiscoverKubeProxy({empty.root(), "", ""});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().msg.find("--kube-proxy-config") != std::string::npos);
  auto explicit_missing = DiscoverKubeProxy({empty.root(), "/nope.yaml", ""});
  REQUIRE_FALSE(explicit_missing.ok());
  CHECK(explicit_missing.error().msg.find("/nope.yaml") != std::string::npos);
}

TEST_CASE("DiscoverApiserver: manifest, process, RPM file, unit agree or conflict") {
  auto kubeadm = DiscoverApiserver({TestTree("kubeadm"), "", ""});
  REQUIRE(kubeadm.ok());
  REQUIRE(kubeadm->service_cidr);
  CHECK(kubeadm->service_cidr->value == "10.32.0.0/24");
  CHECK(kubeadm->sources.size() == 2);  // process 1200 and the manifest agree
  auto rpm = DiscoverApiserver({TestTree("rpm"), "", ""});
  REQUIRE(rpm.ok());
  CHECK(rpm->service_cidr->origin.ToString() == "/etc/kubernetes/apiserver:20");

  TempTree t;
  t.Write("/etc/kubernetes/apiserver",
          "KUBE_SERVICE_ADDRESSES=\"--service-cluster-ip-range=10.254.0.0/16\"\n");
  t.Write("/etc/kubernetes/manifests/kube-apiserver.yaml",
          "spec:\n  containers:\n  - command: [kube-apiserver, "
          "--service-cluster-ip-range=10.96.0.0/12]\n");
  auto conflict = DiscoverApiserver({t.root(), "", ""});
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().msg.find("conflicting --service-cluster-ip-range") != std::string::npos);
  auto only_manifest =
      DiscoverApiserver({t.root(), "", "/etc/kubernetes/manifests/kube-apiserver.yaml"});
  REQUIRE(only_manifest.ok());
  CHECK(only_manifest->service_cidr->value == "10.96.0.0/12");
}

}  // namespace
}  // namespace knetctl::kube
