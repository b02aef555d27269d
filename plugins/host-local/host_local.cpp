// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/host_local.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "plugins/host-local/allocator.h"
#include "plugins/host-local/store.h"

namespace knetctl::hostlocal {

Result<cni::CniResult> IpamAdd(const IpamConfig& conf, const std::string& id, const std::string& ifname) {
  auto store = Store::Open(conf.data_dir, conf.network);
  if (!store) return std::move(store).error().Wrap("failed to open the IPAM store");
  cni::CniResult result;
  std::vector<IpAddress> requested = conf.requested;
  auto undo = [&]() {
    for (const auto& ip : result.ips) (void)store->Release(ip.address.addr);
  };
  for (size_t i = 0; i < conf.range_sets.size(); ++i) {
    const RangeSet& set = conf.range_sets[i];
    std::optional<IpAddress> want;
    for (auto it = requested.begin(); it != requested.end(); ++it) {
      if (set.RangeFor(*it) >= 0) {
        want = *it;
        requested.erase(it);
        break;
      }
    }
    auto ip = Allocate(*store, set, static_cast<int>(i), id, ifname, want);
    if (!ip) {
      undo();
      return std::move(ip).error().Wrap("failed to allocate for range " + std::to_string(i));
    }
    result.ips.push_back(*ip);
  }
  if (!requested.empty()) {
    undo();
    std::string list;
    for (const auto& ip : requested) list += " " + ip.ToString();
    return MakeError(ErrorCode::kInvalidConfig, "failed to allocate all requested IPs:" + list +
                                                    " (not inside any range of ipam)");
  }
  result.routes = conf.routes;
  if (!conf.resolv_conf.empty()) {
    auto dns = ParseResolvConf(conf.resolv_conf);
    if (!dns) {
      undo();
      return dns.error();
    }
    result.dns = *dns;
  }
  return result;
}

Status IpamRelease(const IpamConfig& conf, const std::vector<IpAddress>& ips) {
  auto store = Store::Open(conf.data_dir, conf.network);
  if (!store) return std::move(store).error().Wrap("failed to open the IPAM store");
  for (const auto& ip : ips) KNETCTL_TRY(store->Release(ip));
  return {};
}

Status IpamDel(const IpamConfig& conf, const std::string& id, const std::string& ifname) {
  auto store = Store::Open(conf.data_dir, conf.network);
  if (!store) return std::move(store).error().Wrap("failed to open the IPAM store");
  auto n = store->ReleaseById(id, ifname);
  if (!n) return n.error();
  return {};
}

Status IpamCheck(const IpamConfig& conf, const std::string& id, const std::string& ifname,
                 const std::vector<IpAddress>& expected) {
  auto store = Store::Open(conf.data_dir, conf.network);
  if (!store) return std::move(store).error().Wrap("failed to open the IPAM store");
  auto mine = store->GetById(id, ifname);
  if (!mine) return mine.error();
  if (mine->empty())
    return MakeError(ErrorCode::kCheckFailed, "host-local: failed to find address added by container " + id +
                                                  " (" + ifname + ") in " + store->dir());
  for (const auto& ip : expected) {
    if (std::find(mine->begin(), mine->end(), ip) == mine->end())
      return MakeError(ErrorCode::kCheckFailed, "host-local: " + ip.ToString() + " is not leased to container " + id +
                                                    " (" + ifname + ") in " + store->dir());
  }
  return {};
}

Result<GcOutcome> IpamGc(const IpamConfig& conf, const std::set<std::pair<std::string, std::string>>& valid,
                         bool dry_run) {
  auto store = Store::Open(conf.data_dir, conf.network);
  if (!store) return std::move(store).error().Wrap("failed to open the IPAM store");
  auto all = store->List();
  if (!all) return all.error();
  GcOutcome out;
  for (const auto& l : *all) {
    bool keep = false;
    for (const auto& [cid, ifn] : valid) {
      if (cid == l.container_id && (l.ifname.empty() || ifn == l.ifname)) {
        keep = true;
        break;
      }
    }
    if (keep) continue;
    if (!dry_run) KNETCTL_TRY(store->Release(l.ip));
    out.released.push_back(l.ip.ToString() + " (container " + l.container_id +
                           (l.ifname.empty() ? "" : ", " + l.ifname) + ")");
  }
  return out;
}

Status IpamStatus(const IpamConfig& conf) {
  auto store = Store::Open(conf.data_dir, conf.network, 5000);
  if (!store) return MakeError(ErrorCode::kPluginNotAvailable, "host-local store unusable: " + store.error().msg);
  if (::access(store->dir().c_str(), W_OK) != 0)
    return MakeError(ErrorCode::kPluginNotAvailable, "host-local store " + store->dir() + " is not writable");
  return {};
}

}  // namespace knetctl::hostlocal
