// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::firewall {

/// What a finished command printed and how it ended.
struct CommandResult {
  int status = 0;   ///< exit status (128+signal when killed)
  std::string out;  ///< stdout
};

/// Runs argv[0] (searched in PATH) with the rest as arguments, without a shell, in the
/// current thread's network namespace; stderr passes through. Fails only when it cannot
/// be started.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv);

}  // namespace knetctl::firewall
