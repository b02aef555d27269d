// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// Directories searched for units, highest priority first (as systemd does).
inline constexpr const char* kUnitDirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                            "/usr/lib/systemd/system", "/lib/systemd/system"};

/// Finds `unit` (e.g. "kube-proxy.service") under `root` and returns its effective
/// ExecStart= as a command line: the unit file plus its drop-ins (`<unit>.d/*.conf`),
/// continuation lines joined, `Environment=` and `EnvironmentFile=` (a leading '-' means
/// optional) loaded, and `$VAR`/`${VAR}` expanded. Every argument keeps the file:line
/// it was written at (an expanded variable points at its assignment). nullopt when no
/// unit file exists; an error when a file cannot be read or parsed.
Result<std::optional<CommandLine>> LoadUnitCommandLine(const std::string& root,
                                                       const std::string& unit);

}  // namespace knetctl::kube
