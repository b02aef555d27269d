// SPDX-License-Identifier: Apache-2.0
// `knetctl shim up|down|status`: a macvlan "shim" on the master holding the host's
// addresses, so the host and its macvlan pods can talk (the kernel never passes traffic
// between a macvlan child and its parent).
#pragma once

#include <string>

#include "core/report.h"
#include "core/result.h"

namespace knetctl::shim {

/// Options of `shim up`.
struct UpOptions {
  std::string master;            ///< the physical parent, e.g. em2
  std::string name;              ///< empty: DefaultShimName(master)
  std::string mode = "bridge";   ///< macvlan mode
  std::string mac;               ///< empty: DeriveShimMac(master MAC, name)
  std::string persist = "auto";  ///< auto|ifcfg|networkd|nm|none
};

/// Options of `shim down` and `shim status`.
struct ShimRef {
  std::string master;
  std::string name;              ///< empty: DefaultShimName(master)
  std::string persist = "auto";  ///< auto: whatever holds files for the shim
};

/// Creates the shim if needed and moves every global address and route of the master
/// onto it without a moment where the address or the default route is missing, then
/// persists it. Converges from any half-done state; rolls back on failure.
Result<Report> ShimUp(const UpOptions& opts, const GlobalOptions& global);

/// Moves the addresses and routes back to the master, deletes the shim, removes what
/// `up` persisted (backups kept).
Result<Report> ShimDown(const ShimRef& opts, const GlobalOptions& global);

/// Reports where the addresses live and whether the persisted files match; exit status
/// 1 when the shim is not set up or has drifted.
Result<Report> ShimStatus(const ShimRef& opts, const GlobalOptions& global);

}  // namespace knetctl::shim
