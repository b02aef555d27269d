// SPDX-License-Identifier: Apache-2.0
#include "core/shim/apply.h"

#include <fcntl.h>
#include <linux/if_addr.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "core/netlink/announce.h"

namespace knetctl::shim {
namespace {

using netlink::ExactAddr;

Result<netlink::LinkInfo> Link(nl_sock* sock, const std::string& name) {
  auto l = netlink::GetLink(sock, name);
  if (!l) return l.error().Wrap("failed to find link \"" + name + "\"");
  return l;
}

// IPv6: added with nodad so it is usable at once (no ~1 s of DAD during which the
// address is tentative and unusable), then updated in place with its original flags so
// `ip addr` shows it exactly as before. IPv4 needs neither.
Status AddAddr(nl_sock* sock, int ifindex, ExactAddr a) {
  a.ifindex = ifindex;
  if (a.local.addr.is_v4()) return netlink::PutExactAddr(sock, a, 0, false);
  KNETCTL_TRY(netlink::PutExactAddr(sock, a, IFA_F_NODAD, false));
  return netlink::PutExactAddr(sock, a, 0, true);
}

Status DelAddr(nl_sock* sock, int ifindex, ExactAddr a) {
  a.ifindex = ifindex;
  auto st = netlink::DeleteExactAddr(sock, a);
  if (!st && st.error().code == ErrorCode::kNotFound) return {};
  return st;
}

Status AnnounceFrom(nl_sock* sock, const std::string& link, const std::vector<IpAddress>& addrs) {
  auto l = Link(sock, link);
  if (!l) return l.error();
  for (const auto& a : addrs) KNETCTL_TRY(netlink::Announce(l->index, l->mac, a));
  // Give the neighbours a moment to process it before the old holder lets go.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  return {};
}

Status ReplaceRouteVia(nl_sock* sock, netlink::RouteInfo r, const std::string& link) {
  auto l = Link(sock, link);
  if (!l) return l.error();
  r.oif = l->index;
  return netlink::ReplaceRoute(sock, r);
}

Status CreateMacvlan(nl_sock* sock, const std::string& name, const std::string& parent,
                     const std::string& mode, const std::string& mac) {
  auto p = Link(sock, parent);
  if (!p) return p.error();
  netlink::MacvlanSpec spec;
  spec.name = name;
  spec.parent_index = p->index;
  spec.mode = mode;
  spec.mac = mac;
  return netlink::AddMacvlan(sock, spec);
}

void MaybePause(const Step& step, std::map<std::string, int>& seen) {
  static const char* at = std::getenv("KNETCTL_TEST_PAUSE_AT");
  if (at == nullptr || *at == '\0') return;
  std::string spec = at;
  int nth = 1;
  if (auto colon = spec.find(':'); colon != std::string::npos) {
    nth = std::atoi(spec.c_str() + colon + 1);
    spec.resize(colon);
  }
  if (step.Tag() != spec || ++seen[spec] != nth) return;
  if (const char* f = std::getenv("KNETCTL_TEST_PAUSE_FILE")) {
    int fd = ::open(f, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) ::close(fd);
  }
  const char* secs = std::getenv("KNETCTL_TEST_PAUSE_SECONDS");
  std::this_thread::sleep_for(std::chrono::seconds(secs ? std::atoi(secs) : 30));
}

Status Execute(nl_sock* sock, const Step& s, Undo& undo) {
  using K = Step::Kind;
  switch (s.kind) {
    case K::kCreateLink:
      return CreateMacvlan(sock, s.link, s.parent, s.mode, s.mac);
    case K::kSetUp: {
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      return netlink::SetLinkUp(sock, l->index, true);
    }
    case K::kAddAddr: {
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      return AddAddr(sock, l->index, s.addr);
    }
    case K::kReplaceRoute:
      return ReplaceRouteVia(sock, s.route, s.link);
    case K::kAnnounce:
      return AnnounceFrom(sock, s.link, s.addrs);
    case K::kDelAddr: {
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      return DelAddr(sock, l->index, s.addr);
    }
    case K::kDeleteLink: {
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      undo.deleted = *l;
      return netlink::DeleteLink(sock, l->index);
    }
  }
  return {};
}

Status Revert(nl_sock* sock, const Undo& u) {
  using K = Step::Kind;
  const Step& s = u.step;
  switch (s.kind) {
    case K::kCreateLink: {
      auto st = netlink::DeleteLink(sock, s.link);
      if (!st && st.error().code == ErrorCode::kNotFound) return {};
      return st;
    }
    // A link that is gone took its state and addresses with it: nothing to undo.
    case K::kSetUp: {
      auto l = Link(sock, s.link);
      if (!l) return l.error().code == ErrorCode::kNotFound ? Status() : Status(l.error());
      return netlink::SetLinkUp(sock, l->index, false);
    }
    case K::kAddAddr: {
      auto l = Link(sock, s.link);
      if (!l) return l.error().code == ErrorCode::kNotFound ? Status() : Status(l.error());
      return DelAddr(sock, l->index, s.addr);
    }
    case K::kReplaceRoute:
      return ReplaceRouteVia(sock, s.route, s.from);
    case K::kAnnounce:
      return AnnounceFrom(sock, s.from, s.addrs);
    case K::kDelAddr: {
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      auto st = AddAddr(sock, l->index, s.addr);
      if (!st && st.error().code == ErrorCode::kExists) return {};
      return st;
    }
    case K::kDeleteLink: {
      auto parent = netlink::GetLinkByIndex(sock, u.deleted.parent_index);
      if (!parent) return parent.error();
      KNETCTL_TRY(CreateMacvlan(sock, s.link, parent->name, u.deleted.macvlan_mode, u.deleted.mac));
      if (!u.deleted.up) return {};
      auto l = Link(sock, s.link);
      if (!l) return l.error();
      return netlink::SetLinkUp(sock, l->index, true);
    }
  }
  return {};
}

}  // namespace

Status Rollback(nl_sock* sock, const std::vector<Undo>& log) {
  std::string failures;
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    auto st = Revert(sock, *it);
    if (!st)
      failures += (failures.empty() ? "" : "; ") + std::string("undo of `") + it->step.IpCommand() +
                  "`: " + st.error().msg;
  }
  if (!failures.empty())
    return MakeError(ErrorCode::kIoFailure, "rollback incomplete: " + failures);
  return {};
}

Result<std::vector<Undo>> ApplyPlan(nl_sock* sock, const Plan& plan) {
  std::vector<Undo> log;
  std::map<std::string, int> seen;
  for (const auto& step : plan.steps) {
    MaybePause(step, seen);
    Undo undo{step, {}};
    auto st = Execute(sock, step, undo);
    if (!st) {
      Error err = std::move(st).error().Wrap("failed to run `" + step.IpCommand() + "`");
      auto rb = Rollback(sock, log);
      err.details = rb ? "rolled back: the links, addresses and routes are as they were before"
                       : rb.error().msg;
      return err;
    }
    log.push_back(std::move(undo));
  }
  return log;
}

}  // namespace knetctl::shim
