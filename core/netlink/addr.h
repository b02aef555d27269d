// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/netlink/socket.h"
#include "core/result.h"

namespace knetctl::netlink {

/// One address of a link, as the kernel reports it.
struct AddrInfo {
  int ifindex = 0;
  int family = 0;             ///< AF_INET or AF_INET6
  IpPrefix local;             ///< the address with its prefix length (host bits kept)
  int scope = 0;              ///< RT_SCOPE_* (0 universe, 253 link, 254 host)
  unsigned flags = 0;         ///< IFA_F_* (e.g. IFA_F_NODAD, IFA_F_TENTATIVE)
  std::string label;          ///< IFA_LABEL (IPv4 only)
};

/// Lists addresses; `ifindex` 0 means every link, `family` AF_UNSPEC means both.
Result<std::vector<AddrInfo>> ListAddrs(nl_sock* sock, int ifindex = 0, int family = 0);

/// An address to add.
struct AddrSpec {
  int ifindex = 0;
  IpPrefix local;             ///< address/prefix, e.g. 10.1.2.3/24
  bool nodad = false;         ///< IPv6: usable at once, no duplicate address detection
  std::string label;          ///< IPv4 label; empty: the kernel uses the link's name
  bool broadcast = true;      ///< IPv4 prefixes shorter than /31 get the broadcast address
  int scope = -1;             ///< -1: kernel default
};

/// Adds an address (NLM_F_CREATE|NLM_F_EXCL: an existing one gives kExists).
Status AddAddr(nl_sock* sock, const AddrSpec& spec);
/// Deletes an address from a link. Missing: kNotFound.
Status DeleteAddr(nl_sock* sock, int ifindex, const IpPrefix& local);

}  // namespace knetctl::netlink
