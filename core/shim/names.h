// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/result.h"

namespace knetctl::shim {

/// A 48-bit Ethernet address.
using MacAddress = std::array<uint8_t, 6>;

/// Checks a Linux interface name: 1-15 bytes, not "." or "..", no '/', ':' or blanks
/// (':' would also make network-scripts treat ifcfg-<name> as an alias).
Status ValidateIfName(const std::string& name, const std::string& what = "interface name");

/// The default shim name for `master`: "<master>-shim" when that fits in 15 bytes,
/// else a shorter form that still sorts after the master in the network service's
/// bring-up order (network-scripts bring interfaces up in name order, and the shim's
/// parent must already be up).
Result<std::string> DefaultShimName(const std::string& master);

/// The shim's MAC when none is pinned: locally administered, unicast, derived from the
/// master's MAC and the shim name (FNV-1a), so it is the same on every boot and the
/// neighbours' ARP entries stay valid.
MacAddress DeriveShimMac(const MacAddress& master_mac, const std::string& shim_name);

/// Parses "aa:bb:cc:dd:ee:ff" (also '-' separated); errors name the text.
Result<MacAddress> ParseMac(const std::string& text);

/// Checks that a MAC can be a link's own address (unicast, not all zeros).
Status ValidateShimMac(const MacAddress& mac);

/// "aa:bb:cc:dd:ee:ff", lower case.
std::string FormatMac(const MacAddress& mac);

}  // namespace knetctl::shim
