// SPDX-License-Identifier: Apache-2.0
// Telling neighbours that an address now lives behind another MAC: gratuitous ARP
// (IPv4) and unsolicited neighbour advertisements (IPv6, RFC 4861 7.2.6). Without it a
// moved address stays unreachable until the neighbours' caches expire.
#pragma once

#include <string>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::netlink {

/// Sends one gratuitous ARP request (sender = target = `ip`, to the broadcast address)
/// from the link `ifindex` whose MAC is `mac` ("aa:bb:cc:dd:ee:ff"), in the calling
/// thread's network namespace.
Status SendGratuitousArp(int ifindex, const std::string& mac, const IpAddress& ip);

/// Sends one unsolicited neighbour advertisement for `ip` (override flag set, target
/// link-layer address `mac`) to ff02::1 from the link `ifindex`.
Status SendUnsolicitedNa(int ifindex, const std::string& mac, const IpAddress& ip);

/// Announces `ip` (either family) `count` times, `interval_ms` apart.
Status Announce(int ifindex, const std::string& mac, const IpAddress& ip, int count = 2,
                int interval_ms = 20);

}  // namespace knetctl::netlink
