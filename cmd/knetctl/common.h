// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/report.h"
#include "core/result.h"

namespace knetctl::cli {

/// Shared state of one invocation: the global options and the exit status the
/// selected command's callback leaves behind.
struct Context {
  GlobalOptions opts;
  int exit_status = kExitOk;
};

/// Runs `fn` inside --netns (if given), renders its Report or Error per -o, and stores
/// the exit status in `ctx`. Every command's callback goes through here.
void Execute(Context& ctx, const std::function<Result<Report>()>& fn);

/// Renders a report (text or JSON) on stdout; warnings go to stderr in text mode.
int Render(const Report& report, const GlobalOptions& opts);

/// Renders an error: "knetctl: <msg>" on stderr, plus a JSON object on stdout with -o json.
int RenderError(const Error& error, const GlobalOptions& opts);

/// Adds the global options (-o, --dry-run, --root, --netns, -v) to `app`.
void AddGlobalOptions(CLI::App& app, GlobalOptions& opts);

// One setup function per command group, each in its own file.
void SetupProxyCommand(CLI::App& app, Context& ctx);
void SetupShimCommand(CLI::App& app, Context& ctx);
void SetupCniCommand(CLI::App& app, Context& ctx);
void SetupFwCommand(CLI::App& app, Context& ctx);
void SetupDoctorCommand(CLI::App& app, Context& ctx);

/// The CNI plugin entry point, used when the binary runs as `knetctl-cni`.
int RunCniPlugin();

}  // namespace knetctl::cli
