// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::sysconfig {

/// /etc/sysconfig/network-scripts under --root.
std::string NetworkScriptsDir(const std::string& root);

/// The path of ifcfg-<name> under --root.
std::string IfcfgPath(const std::string& root, const std::string& name);

/// True when the `network` service skips this file name (initscripts'
/// __sed_discard_ignored_files: `~`, .bak, .orig, .rpmnew, .rpmorig, .rpmsave), so a
/// backup by that name is never brought up as an interface.
bool IsIgnoredByNetworkService(const std::string& file_name);

/// The order in which the `network` service brings interfaces up (`ls ifcfg-* | sed
/// 's/[0-9]/ &/' | LC_ALL=C sort -k 1,1 -k 2n`): true when `a` comes before `b`.
bool NetworkServiceOrderLess(const std::string& a, const std::string& b);

/// Finds the ifcfg file that configures `device`: ifcfg-<device>, else any ifcfg-* file
/// whose DEVICE= names it (ignored names skipped). Empty when there is none.
Result<std::optional<std::string>> FindIfcfgForDevice(const std::string& root,
                                                      const std::string& device);

}  // namespace knetctl::sysconfig
