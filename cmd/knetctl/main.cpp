// SPDX-License-Identifier: Apache-2.0
// knetctl: make a macvlan Kubernetes node work and keep it working.
#include <cstring>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cmd/knetctl/common.h"

namespace {

constexpr const char* kFooter = R"(Exit status: 0 ok (changed or not), 1 a check found a problem, 2 error.
Global options may come before or after the subcommand:
  knetctl -o json fw fix      ==  knetctl fw fix -o json

Examples:
  knetctl doctor
  knetctl shim up --master em2
  knetctl fw fix --dry-run
  knetctl proxy check -o json
  knetctl cni add --config /etc/cni/net.d/10-macvlan.conf --netns /run/netns/pod1 \
                  --container-id pod1 --ifname eth0)";

// The command table: name -> setup function (iproute2's ip.c cmds[] in spirit).
struct Group {
  const char* name;
  void (*setup)(CLI::App&, knetctl::cli::Context&);
};
constexpr Group kGroups[] = {
    {"shim", knetctl::cli::SetupShimCommand},   {"cni", knetctl::cli::SetupCniCommand},
    {"fw", knetctl::cli::SetupFwCommand},       {"proxy", knetctl::cli::SetupProxyCommand},
    {"doctor", knetctl::cli::SetupDoctorCommand},
};

// True when the command line asks for JSON output (parsing may have failed before -o).
bool WantsJson(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-ojson" || a == "--output=json") return true;
    if ((a == "-o" || a == "--output") && i + 1 < argc && std::string(argv[i + 1]) == "json") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const char* base = std::strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  if (std::strcmp(base, "knetctl-cni") == 0) return knetctl::cli::RunCniPlugin();

  CLI::App app{"knetctl: macvlan Kubernetes node networking, made to work and kept working",
               "knetctl"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("knetctl ") + KNETCTL_VERSION);
  app.require_subcommand(1);
  // Subcommands inherit fallthrough, so the global options parse after them too.
  app.fallthrough();
  knetctl::cli::Context ctx;
  knetctl::cli::AddGlobalOptions(app, ctx.opts);
  for (const auto& g : kGroups) g.setup(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    // CLI11 returns 0 for --help/--version and non-zero for usage errors: map to ours.
    if (rc == 0) return knetctl::kExitOk;
    // An Ansible task reading -o json still gets one JSON object for a usage error.
    if (WantsJson(argc, argv)) {
      ctx.opts.output = "json";
      knetctl::cli::RenderError(knetctl::MakeError(knetctl::ErrorCode::kInvalidConfig, e.what()), ctx.opts);
      return knetctl::kExitError;
    }
    return knetctl::kExitError;
  }
  return ctx.exit_status;
}
