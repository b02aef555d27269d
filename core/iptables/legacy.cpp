// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/legacy.h"

#include <arpa/inet.h>
#include <libiptc/libiptc.h>
// libip6tc.h, unlike libiptc.h, has no extern "C" block of its own.
extern "C" {
#include <libiptc/libip6tc.h>
}
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <linux/netfilter_ipv6/ip6t_REJECT.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include "core/files.h"

namespace knetctl::iptables {
namespace {

// One traits struct per family so the scan/delete/commit logic is written once.
struct V4 {
  using Entry = ipt_entry;
  using Ip = ipt_ip;
  using RejectInfo = ipt_reject_info;
  static constexpr int kFamily = 4;
  static constexpr unsigned kWith = IPT_ICMP_HOST_PROHIBITED;
  static xtc_handle* Init(const char* t) { return iptc_init(t); }
  static void Free(xtc_handle* h) { iptc_free(h); }
  static const char* FirstChain(xtc_handle* h) { return iptc_first_chain(h); }
  static const char* NextChain(xtc_handle* h) { return iptc_next_chain(h); }
  static bool IsChain(const char* c, xtc_handle* h) { return iptc_is_chain(c, h) != 0; }
  static const Entry* First(const char* c, xtc_handle* h) { return iptc_first_rule(c, h); }
  static const Entry* Next(const Entry* e, xtc_handle* h) { return iptc_next_rule(e, h); }
  static bool Delete(const char* c, unsigned n, xtc_handle* h) {
    return iptc_delete_num_entry(c, n, h) != 0;
  }
  static bool Commit(xtc_handle* h) { return iptc_commit(h) != 0; }
  static const char* StrError(int e) { return iptc_strerror(e); }
  static bool Builtin(const char* c, xtc_handle* h) { return iptc_builtin(c, h) != 0; }
  static const char* GetPolicy(const char* c, xt_counters* n, xtc_handle* h) {
    return iptc_get_policy(c, n, h);
  }
  static bool SetPolicy(const char* c, const char* p, xt_counters* n, xtc_handle* h) {
    return iptc_set_policy(c, p, n, h) != 0;
  }
  static const Ip& IpOf(const Entry* e) { return e->ip; }
};

struct V6 {
  using Entry = ip6t_entry;
  using Ip = ip6t_ip6;
  using RejectInfo = ip6t_reject_info;
  static constexpr int kFamily = 6;
  static constexpr unsigned kWith = IP6T_ICMP6_ADM_PROHIBITED;
  static xtc_handle* Init(const char* t) { return ip6tc_init(t); }
  static void Free(xtc_handle* h) { ip6tc_free(h); }
  static const char* FirstChain(xtc_handle* h) { return ip6tc_first_chain(h); }
  static const char* NextChain(xtc_handle* h) { return ip6tc_next_chain(h); }
  static bool IsChain(const char* c, xtc_handle* h) { return ip6tc_is_chain(c, h) != 0; }
  static const Entry* First(const char* c, xtc_handle* h) { return ip6tc_first_rule(c, h); }
  static const Entry* Next(const Entry* e, xtc_handle* h) { return ip6tc_next_rule(e, h); }
  static bool Delete(const char* c, unsigned n, xtc_handle* h) {
    return ip6tc_delete_num_entry(c, n, h) != 0;
  }
  static bool Commit(xtc_handle* h) { return ip6tc_commit(h) != 0; }
  static const char* StrError(int e) { return ip6tc_strerror(e); }
  static bool Builtin(const char* c, xtc_handle* h) { return ip6tc_builtin(c, h) != 0; }
  static const char* GetPolicy(const char* c, xt_counters* n, xtc_handle* h) {
    return ip6tc_get_policy(c, n, h);
  }
  static bool SetPolicy(const char* c, const char* p, xt_counters* n, xtc_handle* h) {
    return ip6tc_set_policy(c, p, n, h) != 0;
  }
  static const Ip& IpOf(const Entry* e) { return e->ipv6; }
};

template <typename T>
struct HandleDeleter {
  void operator()(xtc_handle* h) const { T::Free(h); }
};
template <typename T>
using Handle = std::unique_ptr<xtc_handle, HandleDeleter<T>>;

template <typename Entry>
const xt_entry_target* TargetOf(const Entry* e) {
  return reinterpret_cast<const xt_entry_target*>(reinterpret_cast<const char*>(e) +
                                                  e->target_offset);
}

template <typename T>
EntryMatch MatchEntryImpl(const typename T::Entry* e) {
  EntryMatch m;
  if (e == nullptr || e->target_offset < sizeof(typename T::Entry) ||
      e->target_offset >= e->next_offset)
    return m;
  const xt_entry_target* t = TargetOf(e);
  if (t->u.target_size < sizeof(xt_entry_target) + sizeof(typename T::RejectInfo)) return m;
  if (std::strncmp(t->u.user.name, "REJECT", sizeof t->u.user.name) != 0) return m;
  typename T::RejectInfo info;
  std::memcpy(&info, t->data, sizeof info);
  if (info.with != T::kWith) return m;
  m.is_reject = true;
  // The catch-all rule carries no match modules at all (the target follows the entry
  // header directly) and an all-zero address/interface/protocol selector.
  static const typename T::Ip kZero{};
  m.catch_all = e->target_offset == sizeof(typename T::Entry) &&
                std::memcmp(&T::IpOf(e), &kZero, sizeof kZero) == 0;
  return m;
}

int PrefixLen(const void* mask, size_t len) {
  int bits = 0;
  auto* p = static_cast<const unsigned char*>(mask);
  for (size_t i = 0; i < len; ++i) bits += std::popcount(static_cast<unsigned>(p[i]));
  return bits;
}

std::string Addr(int af, const void* addr, const void* mask, size_t len) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(af, addr, buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(PrefixLen(mask, len));
}

std::string Iface(const char* name) { return std::string(name, strnlen(name, IFNAMSIZ)); }

std::string ProtoName(unsigned p) {
  switch (p) {
    case 1:
      return "icmp";
    case 6:
      return "tcp";
    case 17:
      return "udp";
    case 58:
      return "ipv6-icmp";
    default:
      return std::to_string(p);
  }
}

template <typename Entry>
std::string MatchesAndTarget(const Entry* e, int family) {
  std::string out;
  size_t off = sizeof(Entry);
  while (off + sizeof(xt_entry_match) <= e->target_offset) {
    auto* m = reinterpret_cast<const xt_entry_match*>(reinterpret_cast<const char*>(e) + off);
    if (m->u.match_size == 0) break;
    out += " -m " + std::string(m->u.user.name, strnlen(m->u.user.name, sizeof m->u.user.name));
    off += m->u.match_size;
  }
  out += std::string(" -j REJECT --reject-with ") + RejectWithFor(family);
  return out;
}

bool HasTable(const std::vector<std::string>& tables, const std::string& name) {
  return std::find(tables.begin(), tables.end(), name) != tables.end();
}

template <typename T>
std::vector<LiveRule> Collect(xtc_handle* h, const RejectRuleSpec& spec) {
  std::vector<LiveRule> found;
  for (const auto& chain : spec.chains) {
    if (!T::IsChain(chain.c_str(), h)) continue;
    uint64_t index = 0;
    for (auto* e = T::First(chain.c_str(), h); e != nullptr; e = T::Next(e, h), ++index) {
      EntryMatch m = MatchEntry(e);
      if (!m.is_reject || (!m.catch_all && !spec.any_match)) continue;
      LiveRule r;
      r.family = T::kFamily;
      r.backend = "legacy";
      r.chain = chain;
      r.position = index;
      r.catch_all = m.catch_all;
      r.text = DescribeEntry(chain, e);
      r.packets = e->counters.pcnt;
      r.bytes = e->counters.bcnt;
      found.push_back(std::move(r));
    }
  }
  return found;
}

template <typename T>
Result<Handle<T>> Open(const char* table) {
  Handle<T> h(T::Init(table));
  if (!h) {
    int err = errno;
    return MakeError(ErrorCode::kIoFailure, std::string("failed to read legacy ") +
                                                (T::kFamily == 6 ? "ip6tables" : "iptables") +
                                                " table " + table + ": " + T::StrError(err));
  }
  return h;
}

template <typename T>
Result<std::vector<LiveRule>> FindImpl(const RejectRuleSpec& spec) {
  auto tables = LegacyTables(T::kFamily);
  if (!tables) return tables.error();
  // Never let libiptc open a table the kernel does not have: it would create it.
  if (!HasTable(*tables, "filter")) return std::vector<LiveRule>{};
  auto h = Open<T>("filter");
  if (!h) return h.error();
  return Collect<T>(h->get(), spec);
}

constexpr int kMaxCommitAttempts = 20;

// libiptc's commit resets the built-in chains' policy counters to zero whenever the table
// changes (iptables -D does the same). Setting each policy to itself with the counters
// read at init carries them over (packets counted between init and commit are lost).
template <typename T>
void KeepPolicyCounters(xtc_handle* h) {
  std::vector<std::string> builtins;
  for (const char* c = T::FirstChain(h); c != nullptr; c = T::NextChain(h)) {
    if (T::Builtin(c, h)) builtins.emplace_back(c);
  }
  for (const auto& c : builtins) {
    xt_counters counters{};
    const char* policy = T::GetPolicy(c.c_str(), &counters, h);
    if (policy == nullptr) continue;
    std::string p = policy;
    T::SetPolicy(c.c_str(), p.c_str(), &counters, h);
  }
}

template <typename T>
Result<LiveOutcome> RemoveImpl(const RejectRuleSpec& spec, bool dry_run) {
  LiveOutcome out;
  auto tables = LegacyTables(T::kFamily);
  if (!tables) return tables.error();
  if (!HasTable(*tables, "filter")) return out;
  if (dry_run) {
    auto found = FindImpl<T>(spec);
    if (!found) return found.error();
    out.rules = std::move(*found);
    return out;
  }
  // iptables(8) serialises every change with this flock; libiptc itself takes none.
  auto lock = FileLock::Acquire(XtablesLockPath(), 30000);
  if (!lock) return lock.error().Wrap("failed to take the xtables lock");
  bool replaced_earlier = false;
  std::vector<LiveRule> removed_earlier;
  for (int attempt = 1; attempt <= kMaxCommitAttempts; ++attempt) {
    out.attempts = attempt;
    auto h = Open<T>("filter");
    if (!h) return h.error();
    out.rules = Collect<T>(h->get(), spec);
    if (out.rules.empty()) {
      // An earlier attempt's replace went through before its counter update failed.
      if (replaced_earlier) {
        out.rules = std::move(removed_earlier);
        out.removed = true;
      }
      return out;
    }
    // iptc_delete_num_entry takes a 0-based index, whatever its header says; deleting
    // from the highest index keeps the lower ones valid.
    std::vector<const LiveRule*> order;
    for (auto& r : out.rules) order.push_back(&r);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
      return a->chain != b->chain ? a->chain < b->chain : a->position > b->position;
    });
    for (auto* r : order) {
      if (!T::Delete(r->chain.c_str(), static_cast<unsigned>(r->position), h->get())) {
        int err = errno;
        return MakeError(ErrorCode::kIoFailure, "failed to delete rule " +
                                                    std::to_string(r->position + 1) + " of chain " +
                                                    r->chain + ": " + T::StrError(err));
      }
    }
    KeepPolicyCounters<T>(h->get());
    if (T::Commit(h->get())) {
      out.removed = true;
      return out;
    }
    int err = errno;
    // The kernel refuses a replace built from a stale copy (someone changed the table
    // without the lock): read it again and redo the deletes.
    if (err == EAGAIN) continue;
    // EINVAL from the counter update that follows a successful replace: another writer
    // replaced the table in between (again without the lock). Our deletes are in; read
    // the table again to make sure and to catch rules that writer added.
    if (err == EINVAL) {
      replaced_earlier = true;
      removed_earlier = out.rules;
      continue;
    }
    return MakeError(ErrorCode::kIoFailure,
                     std::string("failed to commit legacy table filter: ") + T::StrError(err));
  }
  return MakeError(ErrorCode::kTryAgainLater,
                   "failed to commit legacy table filter: it kept changing underneath (" +
                       std::to_string(kMaxCommitAttempts) + " attempts)");
}

template <typename T>
Result<LegacyTableInfo> InspectImpl(const std::string& table, const std::string& chain) {
  LegacyTableInfo info;
  auto tables = LegacyTables(T::kFamily);
  if (!tables) return tables.error();
  if (!HasTable(*tables, table)) return info;
  auto h = Open<T>(table.c_str());
  if (!h) return h.error();
  info.has_chain = !chain.empty() && T::IsChain(chain.c_str(), h->get());
  for (const char* c = T::FirstChain(h->get()); c != nullptr; c = T::NextChain(h->get())) {
    for (auto* e = T::First(c, h->get()); e != nullptr; e = T::Next(e, h->get())) ++info.rules;
  }
  return info;
}

}  // namespace

EntryMatch MatchEntry(const ipt_entry* e) { return MatchEntryImpl<V4>(e); }
EntryMatch MatchEntry(const ip6t_entry* e) { return MatchEntryImpl<V6>(e); }

std::string DescribeEntry(const std::string& chain, const ipt_entry* e) {
  std::string out = "-A " + chain;
  const ipt_ip& ip = e->ip;
  auto neg = [&](unsigned flag) {
    return (ip.invflags & flag) ? std::string(" !") : std::string();
  };
  if (ip.smsk.s_addr != 0 || ip.src.s_addr != 0)
    out += neg(IPT_INV_SRCIP) + " -s " + Addr(AF_INET, &ip.src, &ip.smsk, 4);
  if (ip.dmsk.s_addr != 0 || ip.dst.s_addr != 0)
    out += neg(IPT_INV_DSTIP) + " -d " + Addr(AF_INET, &ip.dst, &ip.dmsk, 4);
  if (ip.iniface[0] != '\0') out += neg(IPT_INV_VIA_IN) + " -i " + Iface(ip.iniface);
  if (ip.outiface[0] != '\0') out += neg(IPT_INV_VIA_OUT) + " -o " + Iface(ip.outiface);
  if (ip.proto != 0) out += neg(XT_INV_PROTO) + " -p " + ProtoName(ip.proto);
  if (ip.flags & IPT_F_FRAG) out += neg(IPT_INV_FRAG) + " -f";
  return out + MatchesAndTarget(e, 4);
}

std::string DescribeEntry(const std::string& chain, const ip6t_entry* e) {
  std::string out = "-A " + chain;
  const ip6t_ip6& ip = e->ipv6;
  auto neg = [&](unsigned flag) {
    return (ip.invflags & flag) ? std::string(" !") : std::string();
  };
  static const in6_addr kAny{};
  if (std::memcmp(&ip.smsk, &kAny, sizeof kAny) != 0 ||
      std::memcmp(&ip.src, &kAny, sizeof kAny) != 0)
    out += neg(IP6T_INV_SRCIP) + " -s " + Addr(AF_INET6, &ip.src, &ip.smsk, 16);
  if (std::memcmp(&ip.dmsk, &kAny, sizeof kAny) != 0 ||
      std::memcmp(&ip.dst, &kAny, sizeof kAny) != 0)
    out += neg(IP6T_INV_DSTIP) + " -d " + Addr(AF_INET6, &ip.dst, &ip.dmsk, 16);
  if (ip.iniface[0] != '\0') out += neg(IP6T_INV_VIA_IN) + " -i " + Iface(ip.iniface);
  if (ip.outiface[0] != '\0') out += neg(IP6T_INV_VIA_OUT) + " -o " + Iface(ip.outiface);
  if (ip.flags & IP6T_F_PROTO) out += neg(IP6T_INV_PROTO) + " -p " + ProtoName(ip.proto);
  return out + MatchesAndTarget(e, 6);
}

Result<std::vector<std::string>> LegacyTables(int family) {
  // thread-self: namespaces are per thread, and --netns enters on this thread.
  const std::string path = std::string("/proc/thread-self/net/") +
                           (family == 6 ? "ip6_tables_names" : "ip_tables_names");
  auto text = ReadFile(path);
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound) return std::vector<std::string>{};
    return text.error();
  }
  return SplitLines(*text);
}

std::string XtablesLockPath() {
  const char* env = std::getenv("XTABLES_LOCKFILE");
  return env != nullptr && *env != '\0' ? env : "/run/xtables.lock";
}

Result<std::vector<LiveRule>> LegacyFind(const RejectRuleSpec& spec) {
  return spec.family == 6 ? FindImpl<V6>(spec) : FindImpl<V4>(spec);
}

Result<LiveOutcome> LegacyRemove(const RejectRuleSpec& spec, bool dry_run) {
  return spec.family == 6 ? RemoveImpl<V6>(spec, dry_run) : RemoveImpl<V4>(spec, dry_run);
}

Result<LegacyTableInfo> LegacyInspect(int family, const std::string& table,
                                      const std::string& chain) {
  return family == 6 ? InspectImpl<V6>(table, chain) : InspectImpl<V4>(table, chain);
}

}  // namespace knetctl::iptables
