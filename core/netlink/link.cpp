// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/link.h"

#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>

#include <cctype>
#include <cstdio>

namespace knetctl::netlink {
namespace {

std::string ModeName(uint32_t mode) {
  switch (mode) {
    case MACVLAN_MODE_PRIVATE: return "private";
    case MACVLAN_MODE_VEPA: return "vepa";
    case MACVLAN_MODE_BRIDGE: return "bridge";
    case MACVLAN_MODE_PASSTHRU: return "passthru";
    case MACVLAN_MODE_SOURCE: return "source";
    default: return "unknown";
  }
}

LinkInfo ToInfo(rtnl_link* link) {
  LinkInfo info;
  const char* name = rtnl_link_get_name(link);
  info.name = name ? name : "";
  info.index = rtnl_link_get_ifindex(link);
  const char* kind = rtnl_link_get_type(link);
  info.kind = kind ? kind : "";
  if (info.kind == "macvlan") info.macvlan_mode = ModeName(rtnl_link_macvlan_get_mode(link));
  info.parent_index = rtnl_link_get_link(link);
  info.master_index = rtnl_link_get_master(link);
  if (nl_addr* a = rtnl_link_get_addr(link); a && nl_addr_get_len(a) > 0) {
    char buf[64];
    nl_addr2str(a, buf, sizeof buf);
    info.mac = buf;
  }
  info.mtu = rtnl_link_get_mtu(link);
  info.flags = rtnl_link_get_flags(link);
  info.up = info.flags & IFF_UP;
  info.running = info.flags & IFF_RUNNING;
  return info;
}

Result<LinkInfo> Get(nl_sock* sock, int index, const char* name, const std::string& what) {
  rtnl_link* raw = nullptr;
  int err = rtnl_link_get_kernel(sock, index, name, &raw);
  if (err < 0) return NlError("failed to get link " + what, err);
  LinkPtr link(raw);
  return ToInfo(link.get());
}

Status Change(nl_sock* sock, int index, rtnl_link* changes, const std::string& what) {
  LinkPtr orig(rtnl_link_alloc());
  rtnl_link_set_ifindex(orig.get(), index);
  int err = rtnl_link_change(sock, orig.get(), changes, 0);
  if (err < 0) return NlError(what, err);
  return {};
}

}  // namespace

Result<int> MacvlanModeFromString(const std::string& mode) {
  if (mode == "bridge") return MACVLAN_MODE_BRIDGE;
  if (mode == "private") return MACVLAN_MODE_PRIVATE;
  if (mode == "vepa") return MACVLAN_MODE_VEPA;
  if (mode == "passthru") return MACVLAN_MODE_PASSTHRU;
  if (mode == "source") return MACVLAN_MODE_SOURCE;
  return MakeError(ErrorCode::kInvalidConfig, "unknown macvlan mode \"" + mode +
                                                  "\": allowed are bridge, private, vepa, passthru, source");
}

Result<std::string> NormalizeMac(const std::string& mac) {
  bool ok = mac.size() == 17;
  std::string out = mac;
  for (size_t i = 0; ok && i < mac.size(); ++i) {
    if (i % 3 == 2) {
      ok = mac[i] == ':' || mac[i] == '-';
      out[i] = ':';
    } else {
      ok = std::isxdigit(static_cast<unsigned char>(mac[i]));
      out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(mac[i])));
    }
  }
  if (!ok) return MakeError(ErrorCode::kInvalidConfig, "invalid MAC address \"" + mac + "\": expected aa:bb:cc:dd:ee:ff");
  return out;
}

Result<LinkInfo> GetLink(nl_sock* sock, const std::string& name) {
  return Get(sock, 0, name.c_str(), "\"" + name + "\"");
}

Result<LinkInfo> GetLinkByIndex(nl_sock* sock, int index) {
  return Get(sock, index, nullptr, "#" + std::to_string(index));
}

Result<std::vector<LinkInfo>> ListLinks(nl_sock* sock) {
  auto cache = DumpWithRetry("failed to list links", [&](nl_cache** c) {
    return rtnl_link_alloc_cache(sock, AF_UNSPEC, c);
  });
  if (!cache) return cache.error();
  std::vector<LinkInfo> out;
  for (nl_object* o = nl_cache_get_first(cache->get()); o; o = nl_cache_get_next(o)) {
    out.push_back(ToInfo(reinterpret_cast<rtnl_link*>(o)));
  }
  return out;
}

Status AddMacvlan(nl_sock* sock, const MacvlanSpec& spec) {
  std::string what = "failed to create macvlan \"" + spec.name + "\"";
  auto mode = MacvlanModeFromString(spec.mode);
  if (!mode) return std::move(mode).error().Wrap(what);
  LinkPtr link(rtnl_link_macvlan_alloc());
  if (!link) return MakeError(ErrorCode::kIoFailure, what + ": out of memory");
  rtnl_link_set_name(link.get(), spec.name.c_str());
  rtnl_link_set_link(link.get(), spec.parent_index);
  rtnl_link_macvlan_set_mode(link.get(), static_cast<uint32_t>(*mode));
  if (!spec.mac.empty()) {
    auto mac = NormalizeMac(spec.mac);
    if (!mac) return std::move(mac).error().Wrap(what);
    nl_addr* raw = nullptr;
    int err = nl_addr_parse(mac->c_str(), AF_LLC, &raw);
    if (err < 0) return NlError(what + ": bad MAC \"" + spec.mac + "\"", err);
    NlAddrPtr addr(raw);
    rtnl_link_set_addr(link.get(), addr.get());
  }
  if (spec.mtu) rtnl_link_set_mtu(link.get(), spec.mtu);
  if (spec.netns_fd >= 0) rtnl_link_set_ns_fd(link.get(), spec.netns_fd);
  // libnl does not add NLM_F_CREATE for links by itself (FIELD-NOTES).
  int err = rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (err < 0) return NlError(what, err);
  return {};
}

Status DeleteLink(nl_sock* sock, int index) {
  LinkPtr link(rtnl_link_alloc());
  rtnl_link_set_ifindex(link.get(), index);
  int err = rtnl_link_delete(sock, link.get());
  if (err < 0) return NlError("failed to delete link #" + std::to_string(index), err);
  return {};
}

Status DeleteLink(nl_sock* sock, const std::string& name) {
  LinkPtr link(rtnl_link_alloc());
  rtnl_link_set_name(link.get(), name.c_str());
  int err = rtnl_link_delete(sock, link.get());
  if (err < 0) return NlError("failed to delete link \"" + name + "\"", err);
  return {};
}

Status RenameLink(nl_sock* sock, int index, const std::string& new_name) {
  LinkPtr changes(rtnl_link_alloc());
  rtnl_link_set_name(changes.get(), new_name.c_str());
  return Change(sock, index, changes.get(),
                "failed to rename link #" + std::to_string(index) + " to \"" + new_name + "\"");
}

Status SetLinkUp(nl_sock* sock, int index, bool up) {
  LinkPtr changes(rtnl_link_alloc());
  if (up) rtnl_link_set_flags(changes.get(), IFF_UP);
  else rtnl_link_unset_flags(changes.get(), IFF_UP);
  return Change(sock, index, changes.get(),
                std::string("failed to set link #") + std::to_string(index) + (up ? " up" : " down"));
}

Status SetLinkMtu(nl_sock* sock, int index, uint32_t mtu) {
  LinkPtr changes(rtnl_link_alloc());
  rtnl_link_set_mtu(changes.get(), mtu);
  return Change(sock, index, changes.get(),
                "failed to set the MTU of link #" + std::to_string(index) + " to " + std::to_string(mtu));
}

}  // namespace knetctl::netlink
