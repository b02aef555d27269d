// SPDX-License-Identifier: Apache-2.0
#include "core/cidr.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace knetctl {

bool IpAddress::is_v4() const { return family == AF_INET; }
bool IpAddress::is_v6() const { return family == AF_INET6; }

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family == 0) return "<none>";
  ::inet_ntop(family, bytes.data(), buf, sizeof buf);
  return buf;
}

IpAddress IpAddress::FromBytes(int family, const void* data) {
  IpAddress a;
  a.family = family;
  std::memcpy(a.bytes.data(), data, family == AF_INET ? 4 : 16);
  return a;
}

Result<IpAddress> IpAddress::Parse(std::string_view text) {
  std::string s(text);
  IpAddress a;
  if (s.find(':') != std::string::npos) {
    if (::inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
      a.family = AF_INET6;
      return a;
    }
  } else if (::inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  return MakeError(ErrorCode::kInvalidConfig, "invalid IP address \"" + s + "\"");
}

IpAddress IpAddress::Add(uint64_t n) const {
  IpAddress r = *this;
  int i = static_cast<int>(size()) - 1;
  unsigned __int128 carry = n;
  for (; i >= 0 && carry != 0; --i) {
    unsigned __int128 v = r.bytes[i] + (carry & 0xff);
    carry >>= 8;
    r.bytes[i] = static_cast<uint8_t>(v);
    carry += v >> 8;
  }
  return r;
}

IpAddress IpAddress::Sub(uint64_t n) const {
  IpAddress r = *this;
  int i = static_cast<int>(size()) - 1;
  uint64_t borrow_n = n;
  int borrow = 0;
  for (; i >= 0; --i) {
    int sub = static_cast<int>(borrow_n & 0xff) + borrow;
    borrow_n >>= 8;
    int v = r.bytes[i] - sub;
    borrow = v < 0 ? 1 : 0;
    r.bytes[i] = static_cast<uint8_t>(v + (borrow ? 256 : 0));
    if (borrow_n == 0 && borrow == 0) break;
  }
  return r;
}

IpPrefix IpPrefix::Network() const {
  IpPrefix p = *this;
  for (int i = 0; i < static_cast<int>(addr.size()); ++i) {
    int keep = len - i * 8;
    if (keep >= 8) continue;
    p.addr.bytes[i] = keep <= 0 ? 0 : static_cast<uint8_t>(p.addr.bytes[i] & (0xff << (8 - keep)));
  }
  return p;
}

bool IpPrefix::HasHostBits() const { return Network().addr != addr; }

bool IpPrefix::Contains(const IpAddress& ip) const {
  if (ip.family != addr.family) return false;
  IpPrefix other{ip, len};
  return other.Network().addr == Network().addr;
}

bool IpPrefix::Contains(const IpPrefix& other) const {
  return other.addr.family == addr.family && other.len >= len && Contains(other.addr);
}

bool IpPrefix::Overlaps(const IpPrefix& other) const {
  return Contains(other) || other.Contains(*this);
}

IpAddress IpPrefix::Last() const {
  IpAddress r = Network().addr;
  for (int i = 0; i < static_cast<int>(r.size()); ++i) {
    int keep = len - i * 8;
    if (keep >= 8) continue;
    r.bytes[i] |= keep <= 0 ? 0xff : static_cast<uint8_t>(0xff >> keep);
  }
  return r;
}

uint64_t IpPrefix::Size() const {
  int host = addr.bits() - len;
  if (host >= 64) return UINT64_MAX;
  return uint64_t{1} << host;
}

std::string IpPrefix::ToString() const { return addr.ToString() + "/" + std::to_string(len); }

Result<IpPrefix> IpPrefix::Parse(std::string_view text, bool allow_bare) {
  auto slash = text.find('/');
  IpPrefix p;
  auto a = IpAddress::Parse(text.substr(0, slash));
  if (!a) {
    return MakeError(ErrorCode::kInvalidConfig,
                     "invalid CIDR \"" + std::string(text) + "\": expected an address/prefix-length such as 10.32.0.0/24");
  }
  p.addr = *a;
  if (slash == std::string_view::npos) {
    if (!allow_bare)
      return MakeError(ErrorCode::kInvalidConfig,
                       "invalid CIDR \"" + std::string(text) + "\": missing /prefix-length");
    p.len = p.addr.bits();
    return p;
  }
  auto lentext = text.substr(slash + 1);
  int len = -1;
  auto [ptr, ec] = std::from_chars(lentext.data(), lentext.data() + lentext.size(), len);
  if (lentext.empty() || ec != std::errc() || ptr != lentext.data() + lentext.size() || len < 0 ||
      len > p.addr.bits()) {
    return MakeError(ErrorCode::kInvalidConfig,
                     "invalid CIDR \"" + std::string(text) + "\": prefix length must be 0-" +
                         std::to_string(p.addr.bits()));
  }
  p.len = len;
  return p;
}

uint64_t Distance(const IpAddress& a, const IpAddress& b) {
  unsigned __int128 va = 0, vb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    va = (va << 8) | a.bytes[i];
    vb = (vb << 8) | b.bytes[i];
  }
  if (vb < va) return 0;
  unsigned __int128 d = vb - va + 1;
  return d > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(d);
}

}  // namespace knetctl
