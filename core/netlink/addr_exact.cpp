// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/addr_exact.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <sys/socket.h>

namespace knetctl::netlink {
namespace {

Result<NlAddrPtr> ToNl(const IpAddress& ip, int prefix_len) {
  NlAddrPtr a(nl_addr_build(ip.family, ip.data(), ip.size()));
  if (!a)
    return MakeError(ErrorCode::kIoFailure, "out of memory building address " + ip.ToString());
  nl_addr_set_prefixlen(a.get(), prefix_len);
  return a;
}

std::optional<IpAddress> FromNl(nl_addr* a, int family) {
  if (a == nullptr || nl_addr_get_len(a) == 0 || nl_addr_get_family(a) != family)
    return std::nullopt;
  return IpAddress::FromBytes(family, nl_addr_get_binary_addr(a));
}

// Builds the rtnl_addr for add/delete. Only the key (ifindex, family, local, prefix,
// peer) is needed to delete.
Result<AddrPtr> Build(const ExactAddr& a, bool full) {
  AddrPtr addr(rtnl_addr_alloc());
  if (!addr) return MakeError(ErrorCode::kIoFailure, "out of memory");
  rtnl_addr_set_ifindex(addr.get(), a.ifindex);
  rtnl_addr_set_family(addr.get(), a.family());
  auto local = ToNl(a.local.addr, a.local.len);
  if (!local) return local.error();
  rtnl_addr_set_local(addr.get(), local->get());
  if (a.peer) {
    auto peer = ToNl(*a.peer, a.local.len);
    if (!peer) return peer.error();
    rtnl_addr_set_peer(addr.get(), peer->get());
  }
  rtnl_addr_set_prefixlen(addr.get(), a.local.len);
  if (!full) return addr;
  if (a.broadcast) {
    auto brd = ToNl(*a.broadcast, 32);
    if (!brd) return brd.error();
    rtnl_addr_set_broadcast(addr.get(), brd->get());
  }
  rtnl_addr_set_scope(addr.get(), a.scope);
  if (!a.label.empty() && a.family() == AF_INET) {
    int err = rtnl_addr_set_label(addr.get(), a.label.c_str());
    if (err < 0) return NlError("bad address label \"" + a.label + "\"", err);
  }
  if (a.valid_lft != 0xffffffffu || a.preferred_lft != 0xffffffffu) {
    rtnl_addr_set_valid_lifetime(addr.get(), a.valid_lft);
    rtnl_addr_set_preferred_lifetime(addr.get(), a.preferred_lft);
  }
  return addr;
}

// Flags the kernel sets by itself; sending them back in a request is meaningless.
constexpr uint32_t kStateFlags = IFA_F_SECONDARY | IFA_F_TENTATIVE | IFA_F_DADFAILED |
                                 IFA_F_DEPRECATED | IFA_F_OPTIMISTIC | IFA_F_PERMANENT;

}  // namespace

bool ExactAddr::IsGlobal() const {
  if (scope != RT_SCOPE_UNIVERSE) return false;
  if (local.addr.is_v6() && local.addr.bytes[0] == 0xfe && (local.addr.bytes[1] & 0xc0) == 0x80)
    return false;
  return true;
}

std::string ExactAddr::ToString() const {
  std::string s = local.ToString();
  if (peer) s += " peer " + peer->ToString();
  return s;
}

Result<std::vector<ExactAddr>> ListExactAddrs(nl_sock* sock, int ifindex) {
  auto cache = DumpWithRetry("failed to list addresses",
                             [&](nl_cache** c) { return rtnl_addr_alloc_cache(sock, c); });
  if (!cache) return cache.error();
  std::vector<ExactAddr> out;
  for (nl_object* o = nl_cache_get_first(cache->get()); o; o = nl_cache_get_next(o)) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    if (ifindex && rtnl_addr_get_ifindex(a) != ifindex) continue;
    int fam = rtnl_addr_get_family(a);
    if (fam != AF_INET && fam != AF_INET6) continue;
    auto local = FromNl(rtnl_addr_get_local(a), fam);
    if (!local) continue;
    ExactAddr e;
    e.ifindex = rtnl_addr_get_ifindex(a);
    e.local.addr = *local;
    e.local.len = rtnl_addr_get_prefixlen(a);
    auto peer = FromNl(rtnl_addr_get_peer(a), fam);
    if (peer && *peer != *local) e.peer = peer;
    if (fam == AF_INET) e.broadcast = FromNl(rtnl_addr_get_broadcast(a), fam);
    e.scope = rtnl_addr_get_scope(a);
    e.flags = rtnl_addr_get_flags(a);
    if (const char* l = rtnl_addr_get_label(a)) e.label = l;
    e.valid_lft = rtnl_addr_get_valid_lifetime(a);
    e.preferred_lft = rtnl_addr_get_preferred_lifetime(a);
    out.push_back(std::move(e));
  }
  return out;
}

Status PutExactAddr(nl_sock* sock, const ExactAddr& a, uint32_t extra_flags, bool replace) {
  std::string what = std::string("failed to ") + (replace ? "update" : "add") + " address " +
                     a.ToString() + " on link #" + std::to_string(a.ifindex);
  auto addr = Build(a, true);
  if (!addr) return addr.error().Wrap(what);
  uint32_t flags = (a.flags & ~kStateFlags) | extra_flags;
  if (flags != 0) rtnl_addr_set_flags(addr->get(), flags);
  int err = rtnl_addr_add(sock, addr->get(),
                          replace ? (NLM_F_CREATE | NLM_F_REPLACE) : (NLM_F_CREATE | NLM_F_EXCL));
  if (err < 0) return NlError(what, err);
  return {};
}

Status DeleteExactAddr(nl_sock* sock, const ExactAddr& a) {
  std::string what =
      "failed to delete address " + a.ToString() + " from link #" + std::to_string(a.ifindex);
  auto addr = Build(a, false);
  if (!addr) return addr.error().Wrap(what);
  int err = rtnl_addr_delete(sock, addr->get(), 0);
  if (err < 0) return NlError(what, err);
  return {};
}

}  // namespace knetctl::netlink
