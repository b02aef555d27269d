// SPDX-License-Identifier: Apache-2.0
// Addresses with every attribute `ip -j addr` shows (broadcast, flags, lifetimes,
// label), so an address can be moved to another link and back and come out identical.
// Used by `knetctl shim`; addr.h stays the simple interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/netlink/socket.h"
#include "core/result.h"

namespace knetctl::netlink {

/// One address with all the attributes needed to recreate it exactly.
struct ExactAddr {
  int ifindex = 0;
  IpPrefix local;                      ///< address/prefix (host bits kept)
  std::optional<IpAddress> peer;       ///< IFA_ADDRESS when it differs from local (ptp)
  std::optional<IpAddress> broadcast;  ///< IPv4 IFA_BROADCAST, only if the kernel has one
  int scope = 0;                       ///< RT_SCOPE_*
  uint32_t flags = 0;                  ///< IFA_F_* (32-bit IFA_FLAGS)
  std::string label;                   ///< IPv4 IFA_LABEL
  uint32_t valid_lft = 0xffffffffu;    ///< seconds; 0xffffffff forever
  uint32_t preferred_lft = 0xffffffffu;

  int family() const { return local.addr.family; }
  /// True for addresses `ip` calls "scope global" and the kernel did not make itself.
  bool IsGlobal() const;
  /// "172.20.7.100/24" (plus " peer ..." when present).
  std::string ToString() const;
};

/// Lists the addresses of one link (0: all) in the kernel's order (primary first).
Result<std::vector<ExactAddr>> ListExactAddrs(nl_sock* sock, int ifindex = 0);

/// Adds `addr` to `addr.ifindex` as it is (label reset to the link's own name when
/// `label` is empty). `extra_flags` are OR-ed in (e.g. IFA_F_NODAD). With `replace`,
/// an existing address is modified in place (IPv6: flags and lifetimes) instead of
/// failing with kExists.
Status PutExactAddr(nl_sock* sock, const ExactAddr& addr, uint32_t extra_flags, bool replace);

/// Deletes `addr` from `addr.ifindex`. Missing: kNotFound.
Status DeleteExactAddr(nl_sock* sock, const ExactAddr& addr);

}  // namespace knetctl::netlink
