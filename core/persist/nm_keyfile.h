// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"

namespace knetctl::persist {

/// /etc/NetworkManager/system-connections under --root.
std::string NmDir(const std::string& root);
/// The keyfile knetctl writes for a shim: <dir>/<shim>.nmconnection.
std::string NmKeyfilePath(const std::string& root, const std::string& shim);
/// The first keyfile (lexical order) with [connection] interface-name=`ifname`, other
/// than the shim's own. Files NetworkManager ignores (.bak, ~, ...) are skipped.
Result<std::string> FindNmKeyfileFor(const std::string& root, const std::string& ifname);
/// A stable UUID for a connection name (so a rerun writes the same profile).
std::string StableUuid(const std::string& name);

}  // namespace knetctl::persist
