// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::kube {

/// A comma-separated CIDR list as written ("10.32.0.0/24,fd00:10:96::/112").
struct CidrList {
  std::vector<IpPrefix> written;       ///< as written (host bits kept)
  std::vector<IpPrefix> networks;      ///< host bits cleared
  std::vector<std::string> host_bits;  ///< entries written with host bits set
};

/// Parses a comma-separated list (blanks around commas allowed; empty text -> empty list).
/// `what` names the setting and place for errors. At most one range per IP family.
Result<CidrList> ParseCidrList(const std::string& text, const std::string& what);

/// How one service range fares against kube-proxy's cluster CIDR.
struct FamilyVerdict {
  IpPrefix service;  ///< the service network of this family
  bool matched = false;
  bool has_cluster = false;  ///< kube-proxy has a range of this family
  IpPrefix cluster;          ///< that range (network form), when has_cluster
};

/// The outcome of comparing kube-proxy's cluster CIDR with the service range.
struct RangeComparison {
  std::string verdict;                  ///< "match", "mismatch" or "missing"
  std::vector<FamilyVerdict> families;  ///< one per service range, in its order
  std::vector<IpPrefix> extra;          ///< cluster ranges of a family with no service range
};

/// Compares as networks, per IP family, so dual-stack pairs match in either order:
/// every service range needs a cluster range of its family equal to it. Any differing
/// family -> "mismatch"; otherwise any family without a cluster range -> "missing".
RangeComparison CompareRanges(const CidrList& cluster, const CidrList& service);

}  // namespace knetctl::kube
