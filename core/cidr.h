// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace knetctl {

/// An IPv4 or IPv6 address. IPv4 is stored in the first 4 bytes.
struct IpAddress {
  int family = 0;                    ///< AF_INET or AF_INET6 (0: unset)
  std::array<uint8_t, 16> bytes{};

  bool is_v4() const;
  bool is_v6() const;
  int bits() const { return is_v4() ? 32 : 128; }
  size_t size() const { return is_v4() ? 4 : 16; }
  const uint8_t* data() const { return bytes.data(); }

  /// "10.0.0.1" or "fd00::1" (RFC 5952 form).
  std::string ToString() const;
  /// Parses a literal; errors name the text.
  static Result<IpAddress> Parse(std::string_view text);
  static IpAddress FromBytes(int family, const void* data);

  /// The address `n` after this one (wraps around within the family).
  IpAddress Add(uint64_t n) const;
  /// The address `n` before this one.
  IpAddress Sub(uint64_t n) const;

  auto operator<=>(const IpAddress&) const = default;
};

/// An address with a prefix length, e.g. 10.32.0.0/24 or 172.20.7.100/24.
struct IpPrefix {
  IpAddress addr;
  int len = 0;

  /// The network: host bits cleared.
  IpPrefix Network() const;
  /// True when addr has bits set beyond the prefix (10.32.0.5/24).
  bool HasHostBits() const;
  bool Contains(const IpAddress& ip) const;
  /// True when `other` lies entirely inside this prefix.
  bool Contains(const IpPrefix& other) const;
  bool Overlaps(const IpPrefix& other) const;
  /// The last address of the network (broadcast for IPv4).
  IpAddress Last() const;
  /// Number of addresses, saturating at UINT64_MAX.
  uint64_t Size() const;
  std::string ToString() const;

  /// Parses "a.b.c.d/n" or "x::y/n". A bare address is accepted when `allow_bare`
  /// (it becomes /32 or /128). Host bits are kept: check HasHostBits().
  static Result<IpPrefix> Parse(std::string_view text, bool allow_bare = false);

  auto operator<=>(const IpPrefix&) const = default;
};

/// Number of addresses from a to b inclusive (same family, a <= b), saturating.
uint64_t Distance(const IpAddress& a, const IpAddress& b);

}  // namespace knetctl
