// SPDX-License-Identifier: Apache-2.0
// host-local IPAM served in-process: ADD, DEL, CHECK, GC, STATUS on the shared store.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "core/result.h"
#include "plugins/host-local/config.h"
#include "plugins/skel/result.h"

namespace knetctl::hostlocal {

/// Allocates one address per range set (requested ones where given); on any failure
/// nothing stays reserved. Result: ips, routes, dns (no interfaces).
Result<cni::CniResult> IpamAdd(const IpamConfig& conf, const std::string& id, const std::string& ifname);
/// Releases exactly `ips` (the rollback of a failed ADD: an earlier lease of the same
/// attachment stays).
Status IpamRelease(const IpamConfig& conf, const std::vector<IpAddress>& ips);
/// Releases the leases of (id, ifname). Nothing to release is success.
Status IpamDel(const IpamConfig& conf, const std::string& id, const std::string& ifname);
/// Checks (id, ifname) holds a lease, and each of `expected` when given.
Status IpamCheck(const IpamConfig& conf, const std::string& id, const std::string& ifname,
                 const std::vector<IpAddress>& expected);

/// What GC found.
struct GcOutcome {
  std::vector<std::string> released;  ///< "10.1.0.5 (container c1, eth0)"
};
/// Releases leases whose (containerID, ifname) is not in `valid` (ID-only files: whose ID
/// is not). With `dry_run` only reports.
Result<GcOutcome> IpamGc(const IpamConfig& conf, const std::set<std::pair<std::string, std::string>>& valid,
                         bool dry_run);
/// Fails (code 50) when the store cannot be used.
Status IpamStatus(const IpamConfig& conf);

}  // namespace knetctl::hostlocal
