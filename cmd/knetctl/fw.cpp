// SPDX-License-Identifier: Apache-2.0
#include <memory>

#include "cmd/knetctl/common.h"
#include "core/firewall/fw_fix.h"

namespace knetctl::cli {
namespace {

// Options shared by fix and check, bound to both subcommands.
void AddFwOptions(CLI::App& sub, firewall::FwOptions& o) {
  sub.add_option("--backend", o.backend,
                 "iptables backend: auto (every one with a filter table), legacy, nft")
      ->check(CLI::IsMember({"auto", "legacy", "nft"}))
      ->default_str("auto");
  sub.add_option("--chain", o.chains, "Chains to clean (repeatable or comma-separated)")
      ->delimiter(',')
      ->default_str("INPUT,FORWARD");
  sub.add_option("--family", o.family, "4, 6 (ip6tables, icmp6-adm-prohibited) or all")
      ->check(CLI::IsMember({"4", "6", "all"}))
      ->default_str("4");
  sub.add_flag("--any-match", o.any_match,
               "Also rules with matches (e.g. -p udp) before the REJECT target; each is listed");
  sub.add_option("--file", o.file, "Persisted IPv4 ruleset (under --root)")->default_str(o.file);
  sub.add_option("--file6", o.file6, "Persisted IPv6 ruleset (under --root)")->default_str(o.file6);
}

}  // namespace

void SetupFwCommand(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<firewall::FwOptions>();
  auto* fw =
      app.add_subcommand("fw", "Remove the REJECT icmp-host-prohibited rule live and persisted");
  fw->require_subcommand(1);
  fw->footer(
      "Exit status: 0 ok (fix: changed or not; check: clean), 1 check found the rule, 2 error.");

  auto* fix = fw->add_subcommand(
      "fix",
      "Remove the catch-all REJECT --reject-with icmp-host-prohibited from INPUT and FORWARD, "
      "live (legacy: libiptc, one commit; nf_tables: one transaction) and in "
      "/etc/sysconfig/iptables (edited as text, atomically, backup kept)");
  AddFwOptions(*fix, *opts);
  fix->add_flag("--save-live", opts->save_live,
                "Write the live ruleset into the persisted file instead of editing it "
                "(freezes kube-proxy's and Docker's chains into it)");
  fix->add_flag("--disable-firewalld", opts->disable_firewalld,
                "Disable firewalld and enable iptables.service (when installed)");
  fix->callback([&ctx, opts] {
    opts->check = false;
    Execute(ctx, [&] { return firewall::FwRun(*opts, ctx.opts); });
  });

  auto* check =
      fw->add_subcommand("check", "Report the REJECT rule live and persisted; exit 1 when present");
  AddFwOptions(*check, *opts);
  check->callback([&ctx, opts] {
    opts->check = true;
    Execute(ctx, [&] { return firewall::FwRun(*opts, ctx.opts); });
  });
}

}  // namespace knetctl::cli
