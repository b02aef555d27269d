// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/allocator.h"

#include <algorithm>

namespace knetctl::hostlocal {
namespace {

using U128 = unsigned __int128;

U128 Key(const IpAddress& ip) {
  U128 v = 0;
  for (size_t i = 0; i < ip.size(); ++i) v = (v << 8) | ip.bytes[i];
  return v;
}

IpAddress FromKey(int family, U128 v) {
  IpAddress ip;
  ip.family = family;
  for (int i = static_cast<int>(ip.size()) - 1; i >= 0; --i) {
    ip.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  }
  return ip;
}

cni::IpConfig Make(const Range& r, const IpAddress& ip) {
  cni::IpConfig c;
  c.address = IpPrefix{ip, r.subnet.len};
  c.gateway = r.gateway;
  return c;
}

}  // namespace

Result<cni::IpConfig> Allocate(Store& store, const RangeSet& set, int set_index, const std::string& id,
                               const std::string& ifname, const std::optional<IpAddress>& requested) {
  if (requested) {
    int ri = set.RangeFor(*requested);
    if (ri < 0)
      return MakeError(ErrorCode::kInvalidConfig, "requested IP address " + requested->ToString() +
                                                      " is not in range set " + set.ToString());
    const Range& r = set.ranges[ri];
    if (r.gateway && *r.gateway == *requested)
      return MakeError(ErrorCode::kInvalidConfig, "requested IP " + requested->ToString() + " is the subnet's gateway");
    auto ok = store.Reserve(id, ifname, *requested, set_index);
    if (!ok) return ok.error();
    if (!*ok)
      return MakeError(ErrorCode::kExists, "requested IP address " + requested->ToString() +
                                               " is not available in range set " + set.ToString());
    return Make(r, *requested);
  }

  // Unlike the reference, no scan of every lease's content for an earlier lease of
  // (id, ifname): that reads every file of the network (seconds in a full /16). A
  // repeated ADD fails later instead (the interface exists) and its rollback releases
  // only the address it took.
  auto sorted = store.SortedTaken();
  if (!sorted) return sorted.error();
  const std::vector<IpAddress>& taken = **sorted;

  // Round robin: the first candidate follows the last reservation when that lies in
  // this set, else it is the first range's start. Every address is visited once.
  // Addresses are walked as 128-bit integers beside the sorted taken list, so a
  // 99%-full /16 costs one merge pass of integer compares, not 65k set lookups.
  const int family = set.ranges[0].start.family;
  std::vector<U128> keys;
  keys.reserve(taken.size());
  for (const auto& ip : taken)
    if (ip.family == family) keys.push_back(Key(ip));
  size_t ri = 0;
  U128 cur = Key(set.ranges[0].start);
  auto next = [&]() {
    if (cur == Key(set.ranges[ri].end)) {
      ri = (ri + 1) % set.ranges.size();
      cur = Key(set.ranges[ri].start);
    } else {
      ++cur;
    }
  };
  if (auto last = store.LastReserved(set_index)) {
    int i = set.RangeFor(*last);
    if (i >= 0) {
      ri = static_cast<size_t>(i);
      cur = Key(*last);
      next();
    }
  }
  uint64_t total = 0;
  for (const auto& r : set.ranges) {
    uint64_t n = Distance(r.start, r.end);
    total = (total + n < total) ? UINT64_MAX : total + n;
  }
  size_t pos = std::lower_bound(keys.begin(), keys.end(), cur) - keys.begin();
  for (uint64_t k = 0; k < total; ++k, next()) {
    const Range& r = set.ranges[ri];
    if (pos > 0 && cur < keys[pos - 1]) pos = std::lower_bound(keys.begin(), keys.end(), cur) - keys.begin();
    while (pos < keys.size() && keys[pos] < cur) ++pos;
    if (pos < keys.size() && keys[pos] == cur) continue;
    IpAddress ip = FromKey(family, cur);
    if (r.gateway && *r.gateway == ip) continue;
    auto ok = store.Reserve(id, ifname, ip, set_index);
    if (!ok) return ok.error();
    if (*ok) return Make(r, ip);
    // Created meanwhile by someone who does not take the lock: keep looking.
  }
  return MakeError(ErrorCode::kTryAgainLater, "no IP addresses available in range set: " + set.ToString());
}

}  // namespace knetctl::hostlocal
