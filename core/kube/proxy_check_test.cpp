// SPDX-License-Identifier: Apache-2.0
#include "core/kube/proxy_check.h"

#include <doctest/doctest.h>

#include "core/kube/test_tree.h"

namespace knetctl::kube {
namespace {

using testing::TempTree;
using testing::TestTree;

// 127.0.0.1 is an address of every network namespace, so the gw check is exercised
// without touching this machine's interfaces.
const char* kLoopbackCni = R"({"cniVersion":"1.0.0","name":"n","plugins":[{"type":"macvlan",
  "ipam":{"type":"host-local","routes":[{"dst":"10.32.0.0/24","gw":"127.0.0.1"}]}}]})";

ProxyCheckOptions Opts(const std::string& root) {
  ProxyCheckOptions o;
  o.root = root;
  return o;
}

TEST_CASE("CheckProxy: kubeadm match with a local gw") {
  TempTree t;
  t.Write("/cni.conflist", kLoopbackCni);
  auto o = Opts(TestTree("kubeadm"));
  o.cni_config = "/cni.conflist";
  o.root = t.root();
  o.kube_proxy_config = "/kp.yaml";
  o.apiserver_manifest = "/m.yaml";
  t.Write("/kp.yaml", "kind: KubeProxyConfiguration\nclusterCIDR: 10.32.0.0/24\n");
  t.Write("/m.yaml",
          "spec:\n  containers:\n  - command: [kube-apiserver, "
          "--service-cluster-ip-range=10.32.0.0/24]\n");
  auto r = CheckProxy(o);
  REQUIRE(r.ok());
  CHECK(r->exit_status == kExitOk);
  CHECK(r->fields["verdict"] == "match");
  CHECK(r->fields["cni"]["gw"] == "127.0.0.1");
  CHECK(r->fields["cni"]["gw_is_local"] == true);
  CHECK(r->fields["cni"]["service_route"] == "10.32.0.0/24");
  CHECK(r->fields["kube_proxy"]["sources"][0]["file"] == "/kp.yaml");
  CHECK(r->fields["kube_proxy"]["sources"][0]["line"] == 2);
  CHECK(r->fields["apiserver"]["source"] == "/m.yaml:3");
}

TEST_CASE("CheckProxy: mismatch says what breaks and what to set where") {
  auto o = Opts(TestTree("kubeadm-mismatch"));
  o.cni_config = "/etc/cni/net.d/10-macvlan.conflist";
  auto r = CheckProxy(o);
  REQUIRE(r.ok());
  CHECK(r->exit_status == kExitProblem);
  CHECK(r->fields["verdict"] == "mismatch");
  const std::string p0 = r->fields["problems"][0];
  CHECK(p0.find("10.244.0.0/16 does not match the service range 10.32.0.0/24") !=
        std::string::npos);
  CHECK(p0.find("not masqueraded") != std::string::npos);
  const std::string fix = r->fields["fix"];
  CHECK(
      fix.find("set clusterCIDR: \"10.32.0.0/24\" in /var/lib/kube-proxy/config.conf at line 10") ==
      0);
}

TEST_CASE("CheckProxy: masqueradeAll true is ok with a note; host bits warn; explicit CIDRs") {
  auto m = CheckProxy(Opts(TestTree("masquerade-all")));
  REQUIRE(m.ok());
  CHECK(m->exit_status == kExitOk);
  CHECK(m->fields["verdict"] == "masquerade_all");
  CHECK(m->fields["kube_proxy"]["masquerade_all"] == true);
  CHECK(m->fields["notes"].dump().find("masqueradeAll is true") != std::string::npos);

  auto h = CheckProxy(Opts(TestTree("host-bits")));
  REQUIRE(h.ok());
  CHECK(h->fields["verdict"] == "match");
  REQUIRE(h->warnings.size() == 1);
  CHECK(h->warnings[0].find("host bits") != std::string::npos);

  TempTree empty;
  auto e = Opts(empty.root());
  e.cluster_cidr = "fd00:10:96::/112,10.32.0.0/24";
  e.service_cidr = "10.32.0.0/24,fd00:10:96::/112";
  auto d = CheckProxy(e);
  REQUIRE(d.ok());
  CHECK(d->fields["verdict"] == "match");
  CHECK(d->fields["cni"].is_null());
  e.cluster_cidr = "10.32.0.0/24";
  auto partial = CheckProxy(e);
  REQUIRE(partial.ok());
  CHECK(partial->fields["verdict"] == "missing");
  CHECK(partial->fields["problems"][0].get<std::string>().find("no IPv6 range") !=
        std::string::npos);
}

TEST_CASE("CheckProxy: CNI route problems are reported") {
  auto r = CheckProxy(Opts(TestTree("cni-bad-route")));
  REQUIRE(r.ok());
  CHECK(r->exit_status == kExitProblem);
  CHECK(r->fields["verdict"] == "match");
  CHECK(r->fields["cni"]["service_route"] == "10.32.0.0/16");
  CHECK(r->fields["cni"]["gw_is_local"] == false);
  CHECK(r->fields["problems"].size() == 2);
}

TEST_CASE("CheckProxy: bad input is an Error, not a crash") {
  auto y = CheckProxy(Opts(TestTree("malformed-yaml")));
  REQUIRE_FALSE(y.ok());
  CHECK(y.error().msg.find("/var/lib/kube-proxy/config.conf:8:2") != std::string::npos);
  auto o = Opts(TestTree("bad-cni"));
  o.cni_config = "/etc/cni/net.d/00-broken.conflist";
  auto j = CheckProxy(o);
  REQUIRE_FALSE(j.ok());
  CHECK(j.error().msg.find("00-broken.conflist:5:41") != std::string::npos);
  auto s = Opts(TestTree("kubeadm"));
  s.service_cidr = "10.32.0.0";
  CHECK_FALSE(CheckProxy(s).ok());
  TempTree empty;
  auto n = Opts(empty.root());
  n.cluster_cidr = "10.32.0.0/24";
  auto none = CheckProxy(n);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().msg.find("--service-cidr") != std::string::npos);
}

}  // namespace
}  // namespace knetctl::kube
