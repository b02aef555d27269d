// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/addr.h"

#include <linux/if_addr.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>

#include <sys/socket.h>

namespace knetctl::netlink {
namespace {

Result<NlAddrPtr> ToNl(const IpAddress& ip, int prefix_len) {
  NlAddrPtr a(nl_addr_build(ip.family, ip.data(), ip.size()));
  if (!a) return MakeError(ErrorCode::kIoFailure, "out of memory building address " + ip.ToString());
  nl_addr_set_prefixlen(a.get(), prefix_len);
  return a;
}

AddrPtr Build(const AddrSpec& spec, const NlAddrPtr& local) {
  AddrPtr addr(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(addr.get(), spec.ifindex);
  rtnl_addr_set_family(addr.get(), spec.local.addr.family);
  rtnl_addr_set_local(addr.get(), local.get());
  rtnl_addr_set_prefixlen(addr.get(), spec.local.len);
  return addr;
}

}  // namespace

Result<std::vector<AddrInfo>> ListAddrs(nl_sock* sock, int ifindex, int family) {
  auto cache = DumpWithRetry("failed to list addresses", [&](nl_cache** c) {
    return rtnl_addr_alloc_cache(sock, c);
  });
  if (!cache) return cache.error();
  std::vector<AddrInfo> out;
  for (nl_object* o = nl_cache_get_first(cache->get()); o; o = nl_cache_get_next(o)) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    if (ifindex && rtnl_addr_get_ifindex(a) != ifindex) continue;
    int fam = rtnl_addr_get_family(a);
    if (fam != AF_INET && fam != AF_INET6) continue;
    if (family && fam != family) continue;
    nl_addr* local = rtnl_addr_get_local(a);
    if (!local || nl_addr_get_len(local) == 0) continue;
    AddrInfo info;
    info.ifindex = rtnl_addr_get_ifindex(a);
    info.family = fam;
    info.local.addr = IpAddress::FromBytes(fam, nl_addr_get_binary_addr(local));
    info.local.len = rtnl_addr_get_prefixlen(a);
    info.scope = rtnl_addr_get_scope(a);
    info.flags = rtnl_addr_get_flags(a);
    if (const char* l = rtnl_addr_get_label(a)) info.label = l;
    out.push_back(std::move(info));
  }
  return out;
}

Status AddAddr(nl_sock* sock, const AddrSpec& spec) {
  std::string what = "failed to add address " + spec.local.ToString() + " to link #" +
                     std::to_string(spec.ifindex);
  auto local = ToNl(spec.local.addr, spec.local.len);
  if (!local) return local.error();
  AddrPtr addr = Build(spec, *local);
  if (spec.nodad) rtnl_addr_set_flags(addr.get(), IFA_F_NODAD);
  if (!spec.label.empty()) {
    int err = rtnl_addr_set_label(addr.get(), spec.label.c_str());
    if (err < 0) return NlError(what + ": bad label \"" + spec.label + "\"", err);
  }
  if (spec.scope >= 0) rtnl_addr_set_scope(addr.get(), spec.scope);
  if (spec.broadcast && spec.local.addr.is_v4() && spec.local.len < 31) {
    IpAddress last = spec.local.Last();
    auto brd = ToNl(last, 32);
    if (!brd) return brd.error();
    rtnl_addr_set_broadcast(addr.get(), brd->get());
  }
  int err = rtnl_addr_add(sock, addr.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (err < 0) return NlError(what, err);
  return {};
}

Status DeleteAddr(nl_sock* sock, int ifindex, const IpPrefix& local_prefix) {
  std::string what = "failed to delete address " + local_prefix.ToString() + " from link #" +
                     std::to_string(ifindex);
  auto local = ToNl(local_prefix.addr, local_prefix.len);
  if (!local) return local.error();
  AddrSpec spec;
  spec.ifindex = ifindex;
  spec.local = local_prefix;
  AddrPtr addr = Build(spec, *local);
  int err = rtnl_addr_delete(sock, addr.get(), 0);
  if (err < 0) {
    // The kernel answers EADDRNOTAVAIL for a missing address: libnl maps it to NLE_NOADDR.
    if (err == -NLE_NOADDR) return MakeError(ErrorCode::kNotFound, what + ": no such address");
    return NlError(what, err);
  }
  return {};
}

}  // namespace knetctl::netlink
