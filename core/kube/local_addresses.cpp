// SPDX-License-Identifier: Apache-2.0
#include "core/kube/local_addresses.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>

namespace knetctl::kube {

Result<std::vector<LocalAddress>> ListLocalAddresses() {
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0)
    return ErrnoError("failed to list local addresses (getifaddrs)", errno);
  std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> list(raw, ::freeifaddrs);
  std::vector<LocalAddress> out;
  for (ifaddrs* i = list.get(); i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    LocalAddress a;
    a.ifname = i->ifa_name ? i->ifa_name : "";
    if (i->ifa_addr->sa_family == AF_INET) {
      a.addr = IpAddress::FromBytes(AF_INET,
                                    &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      a.addr = IpAddress::FromBytes(AF_INET6,
                                    &reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr);
    } else {
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace knetctl::kube
