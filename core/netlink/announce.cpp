// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/announce.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "core/unique_fd.h"

namespace knetctl::netlink {
namespace {

Result<std::array<uint8_t, 6>> Mac(const std::string& text) {
  std::array<uint8_t, 6> m{};
  unsigned v[6];
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
    return MakeError(ErrorCode::kInvalidConfig, "invalid MAC address \"" + text + "\"");
  for (int i = 0; i < 6; ++i) m[i] = static_cast<uint8_t>(v[i]);
  return m;
}

}  // namespace

Status SendGratuitousArp(int ifindex, const std::string& mac_text, const IpAddress& ip) {
  std::string what = "failed to send gratuitous ARP for " + ip.ToString();
  auto mac = Mac(mac_text);
  if (!mac) return mac.error().Wrap(what);
  UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP)));
  if (!fd.valid()) return ErrnoError(what + ": socket", errno);
  // ARP request with sender and target protocol address both `ip` (RFC 5227 2.4
  // "ARP Announcement"); Linux neighbours update an existing entry from it.
  struct __attribute__((packed)) {
    arphdr hdr;
    uint8_t sha[6];
    uint8_t spa[4];
    uint8_t tha[6];
    uint8_t tpa[4];
  } pkt{};
  pkt.hdr.ar_hrd = htons(ARPHRD_ETHER);
  pkt.hdr.ar_pro = htons(ETH_P_IP);
  pkt.hdr.ar_hln = 6;
  pkt.hdr.ar_pln = 4;
  pkt.hdr.ar_op = htons(ARPOP_REQUEST);
  std::memcpy(pkt.sha, mac->data(), 6);
  std::memcpy(pkt.spa, ip.data(), 4);
  std::memcpy(pkt.tpa, ip.data(), 4);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = ifindex;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  if (::sendto(fd.get(), &pkt, sizeof pkt, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    return ErrnoError(what + ": sendto", errno);
  return {};
}

Status SendUnsolicitedNa(int ifindex, const std::string& mac_text, const IpAddress& ip) {
  std::string what = "failed to send neighbour advertisement for " + ip.ToString();
  auto mac = Mac(mac_text);
  if (!mac) return mac.error().Wrap(what);
  UniqueFd fd(::socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6));
  if (!fd.valid()) return ErrnoError(what + ": socket", errno);
  int hops = 255;  // RFC 4861 7.1.2: receivers drop NAs with another hop limit
  if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) != 0)
    return ErrnoError(what + ": IPV6_MULTICAST_HOPS", errno);
  unsigned idx = static_cast<unsigned>(ifindex);
  if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof idx) != 0)
    return ErrnoError(what + ": IPV6_MULTICAST_IF", errno);
  struct __attribute__((packed)) {
    nd_neighbor_advert na;
    uint8_t opt_type;
    uint8_t opt_len;
    uint8_t lladdr[6];
  } pkt{};
  pkt.na.nd_na_type = ND_NEIGHBOR_ADVERT;
  pkt.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
  std::memcpy(&pkt.na.nd_na_target, ip.data(), 16);
  pkt.opt_type = ND_OPT_TARGET_LINKADDR;
  pkt.opt_len = 1;  // in units of 8 bytes
  std::memcpy(pkt.lladdr, mac->data(), 6);
  sockaddr_in6 to{};
  to.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
  to.sin6_scope_id = idx;
  // The kernel fills in the ICMPv6 checksum for raw ICMPv6 sockets.
  if (::sendto(fd.get(), &pkt, sizeof pkt, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    return ErrnoError(what + ": sendto", errno);
  return {};
}

Status Announce(int ifindex, const std::string& mac, const IpAddress& ip, int count,
                int interval_ms) {
  for (int i = 0; i < count; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    KNETCTL_TRY(ip.is_v4() ? SendGratuitousArp(ifindex, mac, ip)
                           : SendUnsolicitedNa(ifindex, mac, ip));
  }
  return {};
}

}  // namespace knetctl::netlink
