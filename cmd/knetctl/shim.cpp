// SPDX-License-Identifier: Apache-2.0
// `knetctl shim up|down|status`: parses options, calls core/shim, nothing else.
#include "core/shim/shim.h"

#include <memory>

#include "cmd/knetctl/common.h"

namespace knetctl::cli {
namespace {

constexpr const char* kUpFooter =
    R"(Moves every global address and route of the master onto a macvlan "shim" on
the same parent (the kernel never passes traffic between a macvlan and its parent,
so without it the host cannot reach its own macvlan pods). The address and the
default route never go missing: add on the shim, re-point routes, announce
(gratuitous ARP / unsolicited NA), then delete from the master.
Idempotent; half-done states converge; any failure rolls back. --dry-run prints the
plan as ip commands.
Exit status: 0 ok (changed or not), 2 error or refusal.
Examples:
  knetctl shim up --master em2
  knetctl shim up --master em2 --persist ifcfg --dry-run
  knetctl shim up --master em2 --name em2-shim --mac 02:00:5e:10:00:01 -o json)";

constexpr const char* kStatusFooter =
    R"(Exit status: 0 the shim holds the addresses and the persisted files match,
1 not set up or drifted, 2 error.)";

void AddRefOptions(CLI::App* cmd, shim::ShimRef& ref) {
  cmd->add_option("--master", ref.master, "The shim's parent link (e.g. em2)")->required();
  cmd->add_option("--name", ref.name,
                  "Shim name (default: derived from the master, e.g. em2-shim)");
  cmd->add_option(
         "--persist", ref.persist,
         "auto|ifcfg|networkd|nm|none: which persisted files to act on (auto: those that exist)")
      ->check(CLI::IsMember({"auto", "ifcfg", "networkd", "nm", "none"}));
}

}  // namespace

void SetupShimCommand(CLI::App& app, Context& ctx) {
  auto* shim =
      app.add_subcommand("shim", "Host <-> pod reachability: a macvlan shim holding the host's IP");
  shim->require_subcommand(1);

  auto up_opts = std::make_shared<shim::UpOptions>();
  auto* up = shim->add_subcommand(
      "up", "Create the shim and move the master's addresses and routes onto it");
  up->footer(kUpFooter);
  up->add_option("--master", up_opts->master, "The parent link whose addresses move (e.g. em2)")
      ->required();
  up->add_option(
      "--name", up_opts->name,
      "Shim name, at most 15 characters (default: <master>-shim, which sorts after the master "
      "so network-scripts bring the parent up first)");
  up->add_option("--mode", up_opts->mode, "macvlan mode")
      ->check(CLI::IsMember({"bridge", "private", "vepa", "passthru", "source"}))
      ->default_str("bridge");
  up->add_option("--mac", up_opts->mac,
                 "Pin the shim's MAC (default: derived from the master's MAC and the shim name, "
                 "stable across reboots)");
  up->add_option("--persist", up_opts->persist,
                 "auto|ifcfg|networkd|nm|none (auto: what manages the master today)")
      ->check(CLI::IsMember({"auto", "ifcfg", "networkd", "nm", "none"}))
      ->default_str("auto");
  up->callback([&ctx, up_opts] { Execute(ctx, [&] { return shim::ShimUp(*up_opts, ctx.opts); }); });

  auto down_opts = std::make_shared<shim::ShimRef>();
  auto* down = shim->add_subcommand(
      "down", "Move the addresses and routes back to the master and delete the shim");
  down->footer(
      "Removes the files `up` persisted (backups kept) and gives the master's files their content\n"
      "from before `up`. Exit status: 0 ok, 2 error.");
  AddRefOptions(down, *down_opts);
  down->callback(
      [&ctx, down_opts] { Execute(ctx, [&] { return shim::ShimDown(*down_opts, ctx.opts); }); });

  auto status_opts = std::make_shared<shim::ShimRef>();
  auto* status =
      shim->add_subcommand("status", "Where the addresses live; whether the persisted files match");
  status->footer(kStatusFooter);
  AddRefOptions(status, *status_opts);
  status->callback([&ctx, status_opts] {
    Execute(ctx, [&] { return shim::ShimStatus(*status_opts, ctx.opts); });
  });
}

}  // namespace knetctl::cli
