// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"
#include "core/doctor/doctor.h"

namespace knetctl::cli {

void SetupDoctorCommand(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<doctor::DoctorOptions>();
  auto* cmd = app.add_subcommand("doctor", "Diagnose the whole macvlan node story in one read-only run");
  cmd->footer(R"(Checks, each PASS / WARN / FAIL with evidence and the command that fixes it:
  cni         /etc/cni/net.d: every file parses, which one runtimes pick, master, ranges,
              the route to the service range and its gw
  ipam        the lease store: malformed files, double leases, leaked leases
  host-pod    the macvlan shim holds the node's address, persisted
  firewall    REJECT --reject-with icmp-host-prohibited live and persisted; firewalld
  kube-proxy  cluster CIDR vs the apiserver's service range (as `proxy check`)
Exit status: 0 nothing FAILs, 1 something FAILs, 2 error.
Examples:
  knetctl doctor
  knetctl doctor -o json --service-cidr 10.32.0.0/24)");
  cmd->add_option("--master", opts->master, "The CNI master interface (default: from the CNI config)");
  cmd->add_option("--shim", opts->shim, "The shim's name (default: derived from the master)");
  cmd->add_option("--cni-dir", opts->cni_dir, "Directory of CNI configurations")->default_str("/etc/cni/net.d");
  cmd->add_option("--service-cidr", opts->service_cidr, "The apiserver's --service-cluster-ip-range");
  cmd->add_option("--cluster-cidr", opts->cluster_cidr, "kube-proxy's --cluster-cidr");
  cmd->add_option("--kube-proxy-config", opts->kube_proxy_config, "kube-proxy's --config file");
  cmd->add_option("--apiserver-manifest", opts->apiserver_manifest, "kube-apiserver static pod manifest");
  cmd->add_option("--backend", opts->backend, "Firewall backend: auto, legacy or nft")
      ->check(CLI::IsMember({"auto", "legacy", "nft"}));
  cmd->callback([&ctx, opts] { Execute(ctx, [&] { return doctor::RunDoctor(*opts, ctx.opts); }); });
}

}  // namespace knetctl::cli
