// SPDX-License-Identifier: Apache-2.0
#include "core/shim/names.h"

#include <cctype>
#include <cstdio>

#include "core/sysconfig/network_scripts.h"

namespace knetctl::shim {

Status ValidateIfName(const std::string& name, const std::string& what) {
  if (name.empty() || name.size() > 15)
    return MakeError(ErrorCode::kInvalidConfig, "invalid " + what + " \"" + name +
                                                    "\": must be 1-15 characters (IFNAMSIZ), got " +
                                                    std::to_string(name.size()));
  if (name == "." || name == "..")
    return MakeError(ErrorCode::kInvalidConfig,
                     "invalid " + what + " \"" + name + "\": \".\" and \"..\" are not allowed");
  for (char c : name) {
    if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)) ||
        !std::isprint(static_cast<unsigned char>(c)))
      return MakeError(ErrorCode::kInvalidConfig,
                       "invalid " + what + " \"" + name +
                           "\": '/', ':', blanks and control characters are not allowed");
  }
  return {};
}

Result<std::string> DefaultShimName(const std::string& master) {
  KNETCTL_TRY(ValidateIfName(master, "master name"));
  // Candidates, best first. Names ending in '~' or "-range" are skipped by the network
  // service, so none of these may end that way.
  std::vector<std::string> candidates = {master + "-shim", master + "-sh", master + "s"};
  for (size_t keep = master.size(); keep-- > 1;) {
    for (const char* tail : {"s", "z"}) candidates.push_back(master.substr(0, keep) + tail);
  }
  for (const auto& c : candidates) {
    if (c.size() > 15 || c == master) continue;
    if (sysconfig::NetworkServiceOrderLess(master, c)) return c;
  }
  return MakeError(ErrorCode::kInvalidConfig,
                   "failed to derive a shim name for master \"" + master +
                       "\": no name of at most 15 characters sorts after it; pass --name");
}

MacAddress DeriveShimMac(const MacAddress& master_mac, const std::string& shim_name) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a 64 offset basis
  auto mix = [&h](uint8_t b) {
    h ^= b;
    h *= 1099511628211ULL;
  };
  for (uint8_t b : master_mac) mix(b);
  mix(0);
  for (char c : shim_name) mix(static_cast<uint8_t>(c));
  MacAddress mac;
  for (int i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(h >> (8 * (7 - i)));
  mac[0] = static_cast<uint8_t>((mac[0] & 0xfc) | 0x02);  // locally administered, unicast
  return mac;
}

Result<MacAddress> ParseMac(const std::string& text) {
  MacAddress mac{};
  unsigned v[6];
  char sep1 = 0;
  char tail = 0;
  if (text.size() != 17 ||
      std::sscanf(text.c_str(), "%2x%c%2x%*c%2x%*c%2x%*c%2x%*c%2x%c", &v[0], &sep1, &v[1], &v[2],
                  &v[3], &v[4], &v[5], &tail) != 7 ||
      (sep1 != ':' && sep1 != '-')) {
    return MakeError(
        ErrorCode::kInvalidConfig,
        "invalid MAC address \"" + text + "\": expected six hex bytes like 02:00:5e:10:00:01");
  }
  for (size_t i = 2; i < 17; i += 3)
    if (text[i] != sep1)
      return MakeError(
          ErrorCode::kInvalidConfig,
          "invalid MAC address \"" + text + "\": expected six hex bytes like 02:00:5e:10:00:01");
  for (size_t i = 0; i < 17; ++i)
    if (i % 3 != 2 && !std::isxdigit(static_cast<unsigned char>(text[i])))
      return MakeError(
          ErrorCode::kInvalidConfig,
          "invalid MAC address \"" + text + "\": expected six hex bytes like 02:00:5e:10:00:01");
  for (int i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(v[i]);
  return mac;
}

Status ValidateShimMac(const MacAddress& mac) {
  if (mac[0] & 0x01)
    return MakeError(ErrorCode::kInvalidConfig,
                     "invalid MAC address " + FormatMac(mac) +
                         ": a multicast address cannot be a link's address");
  if (mac == MacAddress{})
    return MakeError(ErrorCode::kInvalidConfig, "invalid MAC address 00:00:00:00:00:00");
  return {};
}

std::string FormatMac(const MacAddress& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

}  // namespace knetctl::shim
