// SPDX-License-Identifier: Apache-2.0
// Owning handles for libnl-route-3 objects and the NETLINK_ROUTE socket. The netlink
// layer (socket, link, addr, route, sysctl) is shared by the CNI plugin and `shim`.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

struct nl_sock;
struct nl_cache;
struct nl_addr;
struct rtnl_link;
struct rtnl_addr;
struct rtnl_route;

namespace knetctl::netlink {

/// Deleters for libnl handles (nl_socket_free, rtnl_*_put, nl_cache_free, nl_addr_put).
struct SockDeleter { void operator()(nl_sock* p) const; };
struct CacheDeleter { void operator()(nl_cache* p) const; };
struct NlAddrDeleter { void operator()(nl_addr* p) const; };
struct LinkDeleter { void operator()(rtnl_link* p) const; };
struct AddrDeleter { void operator()(rtnl_addr* p) const; };
struct RouteDeleter { void operator()(rtnl_route* p) const; };

/// An owned libnl socket.
using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;
/// An owned libnl cache.
using CachePtr = std::unique_ptr<nl_cache, CacheDeleter>;
/// An owned libnl abstract address.
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrDeleter>;
/// An owned rtnl_link object.
using LinkPtr = std::unique_ptr<rtnl_link, LinkDeleter>;
/// An owned rtnl_addr object.
using AddrPtr = std::unique_ptr<rtnl_addr, AddrDeleter>;
/// An owned rtnl_route object.
using RoutePtr = std::unique_ptr<rtnl_route, RouteDeleter>;

/// Opens a NETLINK_ROUTE socket in the calling thread's current network namespace.
/// A socket stays in the namespace it was opened in: after setns, open a new one.
Result<SockPtr> OpenRouteSocket();

/// Turns a negative libnl error code into an Error "<what>: <nl_geterror>", with
/// NLE_NODEV/NLE_OBJ_NOTFOUND -> kNotFound, NLE_EXIST -> kExists, NLE_PERM -> kPermission,
/// NLE_BUSY/NLE_AGAIN/NLE_DUMP_INTR -> kTryAgainLater, everything else kIoFailure.
Error NlError(const std::string& what, int nl_err);

/// Fills a cache by a dump, retrying (a bounded number of times) when the kernel reports
/// the dump was interrupted by a concurrent change (NLM_F_DUMP_INTR).
/// `alloc` is e.g. rtnl_link_alloc_cache bound to its arguments.
template <typename AllocFn>
Result<CachePtr> DumpWithRetry(const std::string& what, AllocFn alloc);

/// Retry count used by DumpWithRetry.
inline constexpr int kDumpRetries = 10;

}  // namespace knetctl::netlink

// ---- template implementation ----
namespace knetctl::netlink {
/// True when `nl_err` is libnl's "dump interrupted" code.
bool IsDumpInterrupted(int nl_err);

template <typename AllocFn>
Result<CachePtr> DumpWithRetry(const std::string& what, AllocFn alloc) {
  int err = 0;
  for (int i = 0; i < kDumpRetries; ++i) {
    nl_cache* cache = nullptr;
    err = alloc(&cache);
    if (err >= 0) return CachePtr(cache);
    if (!IsDumpInterrupted(err)) break;
  }
  return NlError(what, err);
}
}  // namespace knetctl::netlink
