// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/kube/origin.h"

namespace knetctl::kube {

/// Splits a /proc/PID/cmdline buffer (NUL-separated, usually NUL-terminated) into args.
std::vector<std::string> SplitCmdline(const std::string& raw);

/// True when argv runs `program` (e.g. "kube-proxy"): argv[0]'s basename is the program,
/// or it is "hyperkube" with the program (or its name without "kube-") as argv[1].
bool RunsProgram(const std::vector<std::string>& argv, const std::string& program);

/// The command lines of running processes of `program`, read from <root>/proc/*/cmdline
/// (so tests can fake a /proc tree). Processes that vanish or cannot be read are skipped.
/// Ordered by PID. Args of a hyperkube process start at the program name.
std::vector<CommandLine> FindProcesses(const std::string& root, const std::string& program);

}  // namespace knetctl::kube
