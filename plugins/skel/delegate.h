// SPDX-License-Identifier: Apache-2.0
// Executing another plugin from CNI_PATH (IPAM delegation, spec section "Delegated plugins").
#pragma once

#include <map>
#include <string>

#include "core/result.h"

namespace knetctl::cni {

/// Finds `type` in the colon-separated `cni_path`. The type must be a plain file name.
Result<std::string> FindPlugin(const std::string& type, const std::string& cni_path);

/// Runs plugin `type` with the caller's environment, CNI_COMMAND replaced by `command`,
/// `config` on stdin. Returns its stdout on exit 0; otherwise its error object becomes
/// an Error with the plugin's code and message.
Result<std::string> ExecPlugin(const std::string& type, const std::string& cni_path, const std::string& command,
                               const std::string& config);

}  // namespace knetctl::cni
