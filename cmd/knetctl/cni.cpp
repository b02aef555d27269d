// SPDX-License-Identifier: Apache-2.0
#include <memory>

#include "cmd/knetctl/common.h"
#include "plugins/macvlan/admin.h"

namespace knetctl::cli {

void SetupCniCommand(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<macvlan::AdminOptions>();
  auto* cni = app.add_subcommand("cni", "Run the knetctl-cni plugin by hand: add, del, check, gc, status");
  cni->require_subcommand(1);
  cni->footer(
      "--netns here is the CONTAINER's namespace (CNI_NETNS); run the command on the node's\n"
      "namespace (e.g. `ip netns exec node knetctl cni ...`).\n"
      "Exit status: 0 ok, 1 check/status found a problem, 2 error.");
  struct Verb {
    const char* name;
    const char* help;
  };
  const Verb verbs[] = {
      {"add", "Create the macvlan in --netns with IPAM addresses; print the CNI result"},
      {"del", "Release the addresses, then remove the interface (missing things are fine)"},
      {"check", "Compare a previous result (--prev-result) with the container; exit 1 when they differ"},
      {"gc", "Release leases not held by the attachments given with --valid (use --dry-run to list)"},
      {"status", "Check the master link and the IPAM store; exit 1 when not ready"},
  };
  for (const auto& v : verbs) {
    auto* sub = cni->add_subcommand(v.name, v.help);
    sub->add_option("--config,-c", opts->config, "Network config (.conf or .conflist) or - for stdin")->default_str("-");
    sub->add_option("--container-id", opts->container_id, "Container ID (CNI_CONTAINERID)");
    sub->add_option("--ifname", opts->ifname, "Interface name in the container (CNI_IFNAME)")->default_str("eth0");
    sub->add_option("--args", opts->args, "CNI_ARGS, e.g. IP=172.20.7.160;IgnoreUnknown=1");
    sub->add_option("--cni-path", opts->cni_path, "Where delegated IPAM plugins are looked up (CNI_PATH)")
        ->default_str(opts->cni_path);
    if (std::string(v.name) == "check")
      sub->add_option("--prev-result", opts->prev_result, "File with the result printed by add");
    if (std::string(v.name) == "gc")
      sub->add_option("--valid", opts->valid, "A valid attachment CONTAINERID/IFNAME (repeatable)");
    std::string name = v.name;
    sub->callback([&ctx, opts, name] {
      opts->command = name;
      // The global --netns names the container here; the command itself runs where it is.
      opts->netns = ctx.opts.netns;
      GlobalOptions g = ctx.opts;
      ctx.opts.netns.clear();
      Execute(ctx, [opts, g] { return macvlan::AdminRun(*opts, g); });
      ctx.opts.netns = g.netns;
    });
  }
}

}  // namespace knetctl::cli
