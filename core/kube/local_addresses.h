// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::kube {

/// An address configured on an interface of the current network namespace.
struct LocalAddress {
  IpAddress addr;
  std::string ifname;
};

/// Every IPv4/IPv6 address of this network namespace (getifaddrs(3)); the caller enters
/// --netns first.
Result<std::vector<LocalAddress>> ListLocalAddresses();

}  // namespace knetctl::kube
