// SPDX-License-Identifier: Apache-2.0
// `doctor`'s look at the host-local lease store of the chosen network (read-only: no
// lock is taken and nothing is created).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/doctor/finding.h"
#include "plugins/host-local/config.h"

namespace knetctl::doctor {

/// Inputs of the store checks.
struct StoreCheckInput {
  std::string root;
  std::string network;
  std::string config_file;                       ///< node path, for the fix command
  hostlocal::IpamConfig ipam;
  /// Sandbox IDs the container runtime reports running; nullopt: cannot tell here.
  std::optional<std::set<std::string>> running;
  std::string fix_flags;
};

/// Malformed lease files, leases outside every range, one container holding two leases
/// of one family, and leases of containers the runtime does not know (leaked).
std::vector<Finding> DiagnoseStore(const StoreCheckInput& in);

/// Pod sandbox IDs from the CRI (`crictl pods -q`), when crictl is installed and answers.
std::optional<std::set<std::string>> RunningSandboxes();

}  // namespace knetctl::doctor
