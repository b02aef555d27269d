// SPDX-License-Identifier: Apache-2.0
// Picks an address from one range set, the way the reference host-local does
// (round-robin from the last reservation, gateway skipped), but without probing every
// taken address: one readdir gives the taken set, then one exclusive create.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "plugins/host-local/config.h"
#include "plugins/host-local/store.h"
#include "plugins/skel/result.h"

namespace knetctl::hostlocal {

/// Allocates one address from `set` (index `set_index`) for (id, ifname), or reserves
/// `requested` when given. The store must be locked (it is, while a Store exists).
Result<cni::IpConfig> Allocate(Store& store, const RangeSet& set, int set_index, const std::string& id,
                               const std::string& ifname, const std::optional<IpAddress>& requested);

}  // namespace knetctl::hostlocal
