// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"

namespace knetctl::persist {

/// /etc/systemd/network under --root.
std::string NetworkdDir(const std::string& root);
/// The .netdev knetctl writes for a shim: <dir>/50-knetctl-<shim>.netdev.
std::string NetdevPath(const std::string& root, const std::string& shim);
/// The .network knetctl writes for a shim: <dir>/50-knetctl-<shim>.network.
std::string ShimNetworkPath(const std::string& root, const std::string& shim);
/// The first .network file (in networkd's lexical order) whose [Match] Name= globs
/// match `ifname`, other than knetctl's own shim files. Empty when none.
Result<std::string> FindNetworkFor(const std::string& root, const std::string& ifname);

}  // namespace knetctl::persist
