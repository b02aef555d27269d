// SPDX-License-Identifier: Apache-2.0
#include "core/shim/shim.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <thread>

#include "core/files.h"
#include "core/netlink/socket.h"
#include "core/shim/apply.h"
#include "core/shim/file_txn.h"
#include "core/shim/names.h"
#include "core/shim/persist.h"
#include "core/shim/plan.h"
#include "core/unique_fd.h"

namespace knetctl::shim {
namespace {

using netlink::ExactAddr;
using netlink::RouteInfo;

Result<LiveState> ReadState(nl_sock* sock, const std::string& master, const std::string& shim,
                            const std::string& verb) {
  LiveState st;
  auto m = netlink::GetLink(sock, master);
  if (!m) {
    if (m.error().code == ErrorCode::kNotFound)
      return MakeError(ErrorCode::kNotFound,
                       "refusing to " + verb + ": master \"" + master + "\" does not exist");
    return m.error().Wrap("failed to " + verb);
  }
  st.master = *m;
  auto s = netlink::GetLink(sock, shim);
  if (s) {
    st.shim = *s;
  } else if (s.error().code != ErrorCode::kNotFound) {
    return s.error().Wrap("failed to " + verb);
  }
  auto addrs = netlink::ListExactAddrs(sock);
  if (!addrs) return addrs.error().Wrap("failed to " + verb);
  for (auto& a : *addrs) {
    if (a.ifindex == st.master.index) st.master_addrs.push_back(a);
    if (st.shim && a.ifindex == st.shim->index) st.shim_addrs.push_back(a);
  }
  auto routes = netlink::ListRoutes(sock, 0, netlink::kTableAll);
  if (!routes) return routes.error().Wrap("failed to " + verb);
  st.routes = std::move(*routes);
  return st;
}

Result<std::string> ShimName(const std::string& master, const std::string& name) {
  if (master.empty())
    return MakeError(ErrorCode::kInvalidConfig,
                     "--master is required (the shim's parent, e.g. em2)");
  KNETCTL_TRY(ValidateIfName(master, "--master"));
  if (!name.empty()) {
    KNETCTL_TRY(ValidateIfName(name, "--name"));
    return name;
  }
  return DefaultShimName(master);
}

// Serialises concurrent `shim` runs on one node (two Ansible tasks, a human and a
// timer): an abstract unix socket name is unique per network namespace and released by
// the kernel when the holder dies, even by kill -9, and leaves no file behind.
Result<UniqueFd> Lock() {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const char name[] = "knetctl-shim-lock";
  std::memcpy(addr.sun_path + 1, name, sizeof name - 1);
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + sizeof name - 1);
  for (int i = 0; i < 3000; ++i) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return ErrnoError("failed to create the shim lock socket", errno);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) == 0) return fd;
    if (errno != EADDRINUSE) return ErrnoError("failed to take the shim lock", errno);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return MakeError(
      ErrorCode::kTryAgainLater,
      "timed out after 30 s waiting for another `knetctl shim` in this network namespace");
}

nlohmann::ordered_json AddrsJson(const std::vector<ExactAddr>& addrs) {
  auto j = nlohmann::ordered_json::array();
  for (const auto& a : addrs)
    if (IsMovableAddr(a)) j.push_back(a.ToString());
  return j;
}

// The shim's addresses and routes after `up` (from the live state plus the plan).
PersistInput AfterUp(const LiveState& st, const std::string& root, const std::string& name,
                     const std::string& mode, const std::string& mac) {
  PersistInput in;
  in.root = root;
  in.master = st.master.name;
  in.shim = name;
  in.mode = st.shim ? st.shim->macvlan_mode : mode;
  in.mac = st.shim ? st.shim->mac : mac;
  for (const auto& a : st.shim_addrs)
    if (IsMovableAddr(a)) in.addrs.push_back(a);
  for (const auto& a : st.master_addrs)
    if (IsMovableAddr(a) && std::none_of(in.addrs.begin(), in.addrs.end(),
                                         [&](const ExactAddr& x) { return x.local == a.local; }))
      in.addrs.push_back(a);
  for (const auto& r : st.routes) {
    if (IsMovableRoute(r, st.master.index) || (st.shim && IsMovableRoute(r, st.shim->index)))
      in.routes.push_back(r);
  }
  return in;
}

}  // namespace

Result<Report> ShimUp(const UpOptions& o, const GlobalOptions& g) {
  auto name = ShimName(o.master, o.name);
  if (!name) return name.error();
  KNETCTL_TRY(netlink::MacvlanModeFromString(o.mode));
  std::string pinned_mac;
  if (!o.mac.empty()) {
    auto mac = ParseMac(o.mac);
    if (!mac) return mac.error();
    KNETCTL_TRY(ValidateShimMac(*mac));
    pinned_mac = FormatMac(*mac);
  }
  PersistKind kind = PersistKind::kNone;
  std::string why;
  if (o.persist == "auto") {
    kind = DetectPersistKind(g.root, o.master, &why);
  } else {
    auto k = ParsePersistKind(o.persist);
    if (!k) return k.error();
    kind = *k;
  }
  std::optional<UniqueFd> lock;
  if (!g.dry_run) {
    auto l = Lock();
    if (!l) return l.error();
    lock = std::move(*l);
  }
  auto sock = netlink::OpenRouteSocket();
  if (!sock) return sock.error();
  auto st = ReadState(sock->get(), o.master, *name, "set up the shim");
  if (!st) return st.error();

  UpTarget target;
  target.shim_name = *name;
  target.mode = o.mode;
  if (!pinned_mac.empty()) {
    target.mac = pinned_mac;
  } else {
    auto master_mac = ParseMac(st->master.mac);
    if (!master_mac)
      return master_mac.error().Wrap("failed to derive the shim's MAC from " + o.master + "'s");
    target.mac = FormatMac(DeriveShimMac(*master_mac, *name));
  }
  auto plan = PlanUp(*st, target);
  if (!plan) return plan.error();

  Report r;
  for (const auto& w : plan->warnings) r.Warn(w);
  if (o.persist == "auto") {
    r.Warn(kind == PersistKind::kNone
               ? "--persist auto: " + why +
                     "; the shim is not persisted and will not survive a reboot"
               : "--persist auto picked " + PersistName(kind) + " (" + why + ")");
  }
  PersistInput in = AfterUp(*st, g.root, *name, o.mode, target.mac);
  auto pp = PlanPersistUp(kind, in);
  if (!pp) return pp.error();
  for (const auto& w : pp->warnings) r.Warn(w);
  auto pending = PendingFileOps(pp->ops);
  if (!pending) return pending.error();

  r.fields["master"] = o.master;
  r.fields["shim"] = *name;
  r.fields["mac"] = in.mac;
  r.fields["mode"] = in.mode;
  r.fields["persist"] = PersistName(kind);
  r.fields["addresses"] = AddrsJson(in.addrs);
  if (g.dry_run) {
    for (const auto& s : plan->steps) r.Did(s.IpCommand());
    for (const auto& p : *pending) r.Did(p);
    return r;
  }
  auto log = ApplyPlan(sock->get(), *plan);
  if (!log) return log.error();
  auto files = ApplyFileOps(pp->ops);
  if (!files) {
    auto rb = Rollback(sock->get(), *log);
    Error e = files.error().Wrap("failed to persist the shim");
    e.details = rb ? "rolled back: the links, addresses, routes and files are as they were before"
                   : rb.error().msg;
    return e;
  }
  for (const auto& s : plan->steps) r.Did(s.IpCommand());
  for (const auto& f : *files) r.Did(f);
  if (!r.changed) r.text.push_back("shim " + *name + " on " + o.master + " is up; nothing to do");
  return r;
}

Result<Report> ShimDown(const ShimRef& o, const GlobalOptions& g) {
  auto name = ShimName(o.master, o.name);
  if (!name) return name.error();
  std::optional<UniqueFd> lock;
  if (!g.dry_run) {
    auto l = Lock();
    if (!l) return l.error();
    lock = std::move(*l);
  }
  auto sock = netlink::OpenRouteSocket();
  if (!sock) return sock.error();
  auto st = ReadState(sock->get(), o.master, *name, "take the shim down");
  if (!st) return st.error();
  auto plan = PlanDown(*st, *name);
  if (!plan) return plan.error();
  PersistKind kind = PersistKind::kNone;
  if (o.persist == "auto") {
    kind = PersistedKind(g.root, o.master, *name);
  } else {
    auto k = ParsePersistKind(o.persist);
    if (!k) return k.error();
    kind = *k;
  }
  auto pp = PlanPersistDown(kind, g.root, o.master, *name);
  if (!pp) return pp.error();
  auto pending = PendingFileOps(pp->ops);
  if (!pending) return pending.error();
  Report r;
  for (const auto& w : pp->warnings) r.Warn(w);
  r.fields["master"] = o.master;
  r.fields["shim"] = *name;
  r.fields["persist"] = PersistName(kind);
  r.fields["addresses"] = AddrsJson(st->shim_addrs);
  if (g.dry_run) {
    for (const auto& s : plan->steps) r.Did(s.IpCommand());
    for (const auto& p : *pending) r.Did(p);
    return r;
  }
  auto log = ApplyPlan(sock->get(), plan.value());
  if (!log) return log.error();
  auto files = ApplyFileOps(pp->ops);
  if (!files) {
    auto rb = Rollback(sock->get(), *log);
    Error e = files.error().Wrap("failed to remove the shim's persisted files");
    e.details = rb ? "rolled back: the shim, addresses, routes and files are as they were before"
                   : rb.error().msg;
    return e;
  }
  for (const auto& s : plan->steps) r.Did(s.IpCommand());
  for (const auto& f : *files) r.Did(f);
  if (!r.changed) r.text.push_back("no shim " + *name + " on " + o.master + "; nothing to do");
  return r;
}

Result<Report> ShimStatus(const ShimRef& o, const GlobalOptions& g) {
  auto name = ShimName(o.master, o.name);
  if (!name) return name.error();
  auto sock = netlink::OpenRouteSocket();
  if (!sock) return sock.error();
  auto st = ReadState(sock->get(), o.master, *name, "read the shim's status");
  if (!st) return st.error();
  Report r;
  std::vector<std::string> problems;
  nlohmann::ordered_json shim = {{"name", *name}, {"exists", st->shim.has_value()}};
  if (!st->shim) {
    problems.push_back("no shim " + *name + " on " + o.master);
  } else {
    shim["kind"] = st->shim->kind;
    shim["mac"] = st->shim->mac;
    shim["mode"] = st->shim->macvlan_mode;
    shim["up"] = st->shim->up;
    if (st->shim->kind != "macvlan" || st->shim->parent_index != st->master.index)
      problems.push_back(*name + " is not a macvlan of " + o.master);
    else if (!st->shim->up)
      problems.push_back(*name + " is down");
    if (AddrsJson(st->shim_addrs).empty()) problems.push_back(*name + " holds no global address");
  }
  for (const auto& a : st->master_addrs)
    if (IsMovableAddr(a)) problems.push_back(o.master + " still holds " + a.ToString());
  for (const auto& rt : st->routes)
    if (IsMovableRoute(rt, st->master.index))
      problems.push_back("route " + RouteToIp(rt, o.master) + " still uses " + o.master);

  PersistKind kind = PersistKind::kNone;
  if (o.persist == "auto") {
    kind = PersistedKind(g.root, o.master, *name);
  } else {
    auto k = ParsePersistKind(o.persist);
    if (!k) return k.error();
    kind = *k;
  }
  if (st->shim && st->shim->kind == "macvlan") {
    PersistInput in = AfterUp(*st, g.root, *name, st->shim->macvlan_mode, st->shim->mac);
    auto drift = CheckPersist(kind, in);
    if (!drift) return drift.error();
    for (const auto& d : *drift) problems.push_back("persisted: " + d);
    if (kind == PersistKind::kNone)
      r.Warn("the shim is not persisted: it will not survive a reboot");
  }
  r.fields["master"] = o.master;
  r.fields["shim"] = shim;
  r.fields["addresses"] = {{"master", AddrsJson(st->master_addrs)},
                           {"shim", AddrsJson(st->shim_addrs)}};
  r.fields["persist"] = PersistName(kind);
  r.fields["problems"] = problems;
  r.fields["ok"] = problems.empty();
  r.text.push_back("shim " + *name + " on " + o.master + ": " +
                   (st->shim ? std::string(st->shim->up ? "up" : "down") + ", MAC " + st->shim->mac
                             : "missing"));
  r.text.push_back("addresses on " + o.master + ": " + r.fields["addresses"]["master"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.text.push_back("addresses on " + *name + ": " + r.fields["addresses"]["shim"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.text.push_back("persisted: " + PersistName(kind));
  for (const auto& p : problems) r.text.push_back("problem: " + p);
  if (problems.empty()) r.text.push_back("ok");
  r.exit_status = problems.empty() ? kExitOk : kExitProblem;
  return r;
}

}  // namespace knetctl::shim
