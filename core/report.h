// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace knetctl {

/// Exit statuses shared by every command (like diff(1)).
enum ExitStatus : int { kExitOk = 0, kExitProblem = 1, kExitError = 2 };

/// What a command did or would do. Every command returns one; the front end renders it
/// as text or as one JSON object (`changed`, `actions`, `warnings` plus `fields`).
struct Report {
  bool changed = false;                 ///< something was (or, with --dry-run, would be) changed
  std::vector<std::string> actions;     ///< what was or would be done, one line each
  std::vector<std::string> warnings;    ///< things the user should know, not failures
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();  ///< command-specific
  std::vector<std::string> text;        ///< extra human-readable lines for -o text
  int exit_status = kExitOk;            ///< kExitOk or kExitProblem (errors are Results)

  /// Records an action and marks the report changed.
  void Did(std::string action) {
    actions.push_back(std::move(action));
    changed = true;
  }
  void Warn(std::string warning) { warnings.push_back(std::move(warning)); }
};

/// The options every command accepts (before or after the subcommand).
struct GlobalOptions {
  std::string output = "text";  ///< "text" or "json"
  bool dry_run = false;
  std::string root;             ///< prefix for every file path; empty means "/"
  std::string netns;            ///< run inside this network namespace
  int verbose = 0;
};

}  // namespace knetctl
