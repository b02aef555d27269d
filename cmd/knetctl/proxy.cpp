// SPDX-License-Identifier: Apache-2.0
#include <memory>

#include "cmd/knetctl/common.h"
#include "core/kube/proxy_check.h"

namespace knetctl::cli {

void SetupProxyCommand(CLI::App& app, Context& ctx) {
  auto* proxy =
      app.add_subcommand("proxy", "kube-proxy's cluster CIDR vs the apiserver's service range");
  proxy->require_subcommand(1);
  auto* check = proxy->add_subcommand(
      "check",
      "Check that kube-proxy masquerades pod->Service traffic: its --cluster-cidr/clusterCIDR "
      "must\n"
      "equal the apiserver's --service-cluster-ip-range (or masqueradeAll: true), and the CNI\n"
      "config must route the service range via an address of this node. Reports where each\n"
      "setting came from (file:line) and exactly what to change.");
  auto opts = std::make_shared<kube::ProxyCheckOptions>();
  check
      ->add_option("--cluster-cidr", opts->cluster_cidr,
                   "kube-proxy's cluster CIDR (skips discovering it)")
      ->type_name("CIDR[,CIDR]");
  check
      ->add_option("--service-cidr", opts->service_cidr,
                   "The service range (skips discovering the apiserver's)")
      ->type_name("CIDR[,CIDR]");
  check
      ->add_option("--kube-proxy-config", opts->kube_proxy_config,
                   "kube-proxy's KubeProxyConfiguration file (no other kube-proxy discovery)")
      ->type_name("FILE");
  check
      ->add_option("--apiserver-manifest", opts->apiserver_manifest,
                   "kube-apiserver static pod manifest (no other apiserver discovery)")
      ->type_name("FILE");
  check
      ->add_option("--cni-config", opts->cni_config,
                   "CNI config to cross-check (default: the first valid one in /etc/cni/net.d)")
      ->type_name("FILE");
  check->footer(R"(Discovery (every path under --root): /proc/*/cmdline; kube-proxy.service and
kube-apiserver.service units (drop-ins, EnvironmentFile=); /etc/kubernetes/{proxy,apiserver};
kube-proxy --config and /var/lib/kube-proxy/config.conf (the config file wins over flags);
/etc/kubernetes/manifests/kube-apiserver.yaml. kube-controller-manager's --cluster-cidr is
not kube-proxy's and is ignored.

Exit status: 0 match (or masqueradeAll: true), 1 mismatch/missing or a CNI route problem,
2 error (unreadable or malformed file, conflicting settings, nothing found).

Examples:
  knetctl proxy check
  knetctl proxy check -o json
  knetctl proxy check --root /mnt/node-image --netns /run/netns/node
  knetctl proxy check --service-cidr 10.32.0.0/24 --kube-proxy-config /var/lib/kube-proxy/config.conf)");
  check->callback([&ctx, opts] {
    Execute(ctx, [&ctx, opts]() -> Result<Report> {
      kube::ProxyCheckOptions o = *opts;
      o.root = ctx.opts.root;
      o.verbose = ctx.opts.verbose;
      return kube::CheckProxy(o);
    });
  });
}

}  // namespace knetctl::cli
