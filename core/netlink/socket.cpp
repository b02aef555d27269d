// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/socket.h"

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>

namespace knetctl::netlink {

void SockDeleter::operator()(nl_sock* p) const { nl_socket_free(p); }
void CacheDeleter::operator()(nl_cache* p) const { nl_cache_free(p); }
void NlAddrDeleter::operator()(nl_addr* p) const { nl_addr_put(p); }
void LinkDeleter::operator()(rtnl_link* p) const { rtnl_link_put(p); }
void AddrDeleter::operator()(rtnl_addr* p) const { rtnl_addr_put(p); }
void RouteDeleter::operator()(rtnl_route* p) const { rtnl_route_put(p); }

bool IsDumpInterrupted(int nl_err) { return nl_err == -NLE_DUMP_INTR; }

Error NlError(const std::string& what, int nl_err) {
  int e = nl_err < 0 ? -nl_err : nl_err;
  ErrorCode code = ErrorCode::kIoFailure;
  switch (e) {
    case NLE_NODEV:
    case NLE_OBJ_NOTFOUND: code = ErrorCode::kNotFound; break;
    case NLE_EXIST: code = ErrorCode::kExists; break;
    case NLE_PERM: code = ErrorCode::kPermission; break;
    case NLE_BUSY:
    case NLE_AGAIN:
    case NLE_DUMP_INTR: code = ErrorCode::kTryAgainLater; break;
    default: break;
  }
  return MakeError(code, what + ": " + nl_geterror(e));
}

Result<SockPtr> OpenRouteSocket() {
  SockPtr sock(nl_socket_alloc());
  if (!sock) return MakeError(ErrorCode::kIoFailure, "failed to allocate a netlink socket: out of memory");
  int err = nl_connect(sock.get(), NETLINK_ROUTE);
  if (err < 0) return NlError("failed to open a NETLINK_ROUTE socket", err);
  return sock;
}

}  // namespace knetctl::netlink
