// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"

namespace knetctl::netlink {

/// Maps a sysctl key to its /proc/sys path. Keys use '/' separators
/// ("net/ipv4/conf/eth0/arp_notify"); a key without '/' is taken as dotted
/// ("net.ipv4.ip_forward"). Use the slash form for interface names that contain dots.
std::string SysctlPath(const std::string& key);

/// Reads a sysctl of the calling thread's network namespace (trailing newline removed).
Result<std::string> ReadSysctl(const std::string& key);

/// Writes a sysctl of the calling thread's network namespace.
Status WriteSysctl(const std::string& key, const std::string& value);

}  // namespace knetctl::netlink
