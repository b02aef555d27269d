// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/legacy.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/netfilter_ipv6/ip6t_REJECT.h>

#include <cstring>
#include <vector>

using namespace knetctl::iptables;

namespace {

// Builds an x_tables entry as the kernel hands it to libiptc: header, matches, target.
template <typename Entry, typename Info>
struct EntryBuf {
  std::vector<unsigned char> bytes;
  Entry* entry() { return reinterpret_cast<Entry*>(bytes.data()); }

  EntryBuf(const char* target, unsigned with, const std::vector<const char*>& matches = {}) {
    size_t off = sizeof(Entry);
    std::vector<std::pair<size_t, const char*>> m_at;
    for (auto* m : matches) {
      m_at.emplace_back(off, m);
      off += XT_ALIGN(sizeof(xt_entry_match) + 8);
    }
    size_t target_off = off;
    size_t target_size = XT_ALIGN(sizeof(xt_entry_target) + sizeof(Info));
    bytes.assign(target_off + target_size, 0);
    for (auto [at, name] : m_at) {
      auto* m = reinterpret_cast<xt_entry_match*>(bytes.data() + at);
      m->u.match_size = XT_ALIGN(sizeof(xt_entry_match) + 8);
      std::strncpy(m->u.user.name, name, sizeof m->u.user.name - 1);
    }
    entry()->target_offset = target_off;
    entry()->next_offset = target_off + target_size;
    auto* t = reinterpret_cast<xt_entry_target*>(bytes.data() + target_off);
    t->u.target_size = target_size;
    std::strncpy(t->u.user.name, target, sizeof t->u.user.name - 1);
    Info info{};
    info.with = static_cast<decltype(info.with)>(with);
    std::memcpy(t->data, &info, sizeof info);
  }
};
using V4Buf = EntryBuf<ipt_entry, ipt_reject_info>;
using V6Buf = EntryBuf<ip6t_entry, ip6t_reject_info>;

}  // namespace

TEST_CASE("entry matcher: the IPv4 catch-all") {
  V4Buf b("REJECT", IPT_ICMP_HOST_PROHIBITED);
  auto m = MatchEntry(b.entry());
  CHECK(m.is_reject);
  CHECK(m.catch_all);
  CHECK(DescribeEntry("INPUT", b.entry()) ==
        "-A INPUT -j REJECT --reject-with icmp-host-prohibited");
}

TEST_CASE("entry matcher: other reject types and targets are not it") {
  V4Buf port("REJECT", IPT_ICMP_PORT_UNREACHABLE);
  CHECK_FALSE(MatchEntry(port.entry()).is_reject);
  V4Buf accept("ACCEPT", IPT_ICMP_HOST_PROHIBITED);
  CHECK_FALSE(MatchEntry(accept.entry()).is_reject);
  V4Buf standard("", IPT_ICMP_HOST_PROHIBITED);
  CHECK_FALSE(MatchEntry(standard.entry()).is_reject);
  CHECK_FALSE(MatchEntry(static_cast<const ipt_entry*>(nullptr)).is_reject);
}

TEST_CASE("entry matcher: a selector or a match makes it not catch-all") {
  V4Buf iface("REJECT", IPT_ICMP_HOST_PROHIBITED);
  std::strcpy(iface.entry()->ip.iniface, "lo");
  std::memset(iface.entry()->ip.iniface_mask, 0xff, 3);
  auto m = MatchEntry(iface.entry());
  CHECK(m.is_reject);
  CHECK_FALSE(m.catch_all);
  CHECK(DescribeEntry("INPUT", iface.entry()) ==
        "-A INPUT -i lo -j REJECT --reject-with icmp-host-prohibited");

  V4Buf src("REJECT", IPT_ICMP_HOST_PROHIBITED);
  inet_pton(AF_INET, "10.0.0.0", &src.entry()->ip.src);
  inet_pton(AF_INET, "255.255.255.0", &src.entry()->ip.smsk);
  src.entry()->ip.invflags = IPT_INV_SRCIP;
  CHECK_FALSE(MatchEntry(src.entry()).catch_all);
  CHECK(DescribeEntry("FORWARD", src.entry()) ==
        "-A FORWARD ! -s 10.0.0.0/24 -j REJECT --reject-with icmp-host-prohibited");

  V4Buf proto("REJECT", IPT_ICMP_HOST_PROHIBITED, {"udp"});
  proto.entry()->ip.proto = 17;
  m = MatchEntry(proto.entry());
  CHECK(m.is_reject);
  CHECK_FALSE(m.catch_all);
  CHECK(DescribeEntry("INPUT", proto.entry()) ==
        "-A INPUT -p udp -m udp -j REJECT --reject-with icmp-host-prohibited");

  V4Buf state("REJECT", IPT_ICMP_HOST_PROHIBITED, {"state", "comment"});
  CHECK_FALSE(MatchEntry(state.entry()).catch_all);
  CHECK(DescribeEntry("INPUT", state.entry()) ==
        "-A INPUT -m state -m comment -j REJECT --reject-with icmp-host-prohibited");
}

TEST_CASE("entry matcher: a truncated target is not read") {
  V4Buf b("REJECT", IPT_ICMP_HOST_PROHIBITED);
  reinterpret_cast<xt_entry_target*>(b.bytes.data() + b.entry()->target_offset)->u.target_size =
      sizeof(xt_entry_target);
  CHECK_FALSE(MatchEntry(b.entry()).is_reject);
}

TEST_CASE("entry matcher: IPv6 icmp6-adm-prohibited") {
  V6Buf b("REJECT", IP6T_ICMP6_ADM_PROHIBITED);
  auto m = MatchEntry(b.entry());
  CHECK(m.is_reject);
  CHECK(m.catch_all);
  CHECK(DescribeEntry("INPUT", b.entry()) ==
        "-A INPUT -j REJECT --reject-with icmp6-adm-prohibited");
  V6Buf no_route("REJECT", IP6T_ICMP6_NO_ROUTE);
  CHECK_FALSE(MatchEntry(no_route.entry()).is_reject);
  V6Buf d("REJECT", IP6T_ICMP6_ADM_PROHIBITED);
  inet_pton(AF_INET6, "fe80::", &d.entry()->ipv6.dst);
  std::memset(&d.entry()->ipv6.dmsk, 0xff, 8);
  CHECK_FALSE(MatchEntry(d.entry()).catch_all);
  CHECK(DescribeEntry("INPUT", d.entry()) ==
        "-A INPUT -d fe80::/64 -j REJECT --reject-with icmp6-adm-prohibited");
}

TEST_CASE("xtables lock path follows XTABLES_LOCKFILE") {
  ::unsetenv("XTABLES_LOCKFILE");
  CHECK(XtablesLockPath() == "/run/xtables.lock");
  ::setenv("XTABLES_LOCKFILE", "/tmp/other.lock", 1);
  CHECK(XtablesLockPath() == "/tmp/other.lock");
  ::unsetenv("XTABLES_LOCKFILE");
}
