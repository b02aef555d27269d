// SPDX-License-Identifier: Apache-2.0
#include "core/doctor/store_check.h"

#include <dirent.h>

#include <cstdio>
#include <map>

#include "core/files.h"
#include "plugins/host-local/store.h"
#include "plugins/skel/skel.h"

namespace knetctl::doctor {

std::optional<std::set<std::string>> RunningSandboxes() {
  // Only a runtime can say which leases are still in use; without one, doctor says so.
  FILE* p = ::popen("crictl pods -q 2>/dev/null", "r");
  if (p == nullptr) return std::nullopt;
  std::set<std::string> ids;
  char line[512];
  while (std::fgets(line, sizeof line, p) != nullptr) {
    std::string id = line;
    while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
    if (!id.empty()) ids.insert(id);
  }
  if (::pclose(p) != 0) return std::nullopt;
  return ids;
}

std::vector<Finding> DiagnoseStore(const StoreCheckInput& in) {
  std::vector<Finding> out;
  const std::string node_dir = in.ipam.data_dir + "/" + in.network;
  const std::string dir = RootPath(in.root, node_dir);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    out.push_back({"ipam", Verdict::kInfo, "no leases yet for network \"" + in.network + "\"",
                   {node_dir + " does not exist"}, ""});
    return out;
  }
  std::vector<std::string> names;
  while (auto* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == ".." || n == "lock" || n.rfind("last_reserved_ip.", 0) == 0) continue;
    names.push_back(n);
  }
  ::closedir(d);

  std::vector<std::string> malformed, outside;
  std::map<std::pair<std::string, std::string>, std::vector<IpAddress>> by_owner;
  std::vector<std::string> leaked;
  int leases = 0;
  for (const auto& n : names) {
    auto ip = IpAddress::Parse(n);
    if (!ip) {
      // The reference writes temporary files with other names only transiently.
      malformed.push_back(node_dir + "/" + n + ": name is not an IP address");
      continue;
    }
    auto text = ReadFile(dir + "/" + n);
    if (!text) {
      malformed.push_back(text.error().msg);
      continue;
    }
    auto lease = hostlocal::ParseLease(*text);
    if (auto v = cni::ValidateContainerId(lease.container_id); !v) {
      malformed.push_back(node_dir + "/" + n + ": " + v.error().msg);
      continue;
    }
    ++leases;
    bool in_range = false;
    for (const auto& set : in.ipam.range_sets) in_range |= set.RangeFor(*ip) >= 0;
    if (!in_range) outside.push_back(n + " (" + lease.container_id + ")");
    by_owner[{lease.container_id, lease.ifname}].push_back(*ip);
    if (in.running && !in.running->count(lease.container_id)) leaked.push_back(n + " (" + lease.container_id + ")");
  }

  if (malformed.empty()) {
    out.push_back({"ipam", Verdict::kPass,
                   std::to_string(leases) + " lease file(s) in " + node_dir + ", all well-formed", {}, ""});
  } else {
    out.push_back({"ipam", Verdict::kWarn, std::to_string(malformed.size()) + " malformed lease file(s) in " + node_dir,
                   malformed, "inspect and remove the files named above (no runtime can release them)"});
  }
  if (!outside.empty())
    out.push_back({"ipam", Verdict::kWarn, std::to_string(outside.size()) + " lease(s) outside the configured ranges",
                   outside, "knetctl cni gc --config " + in.config_file + in.fix_flags});
  for (const auto& [owner, ips] : by_owner) {
    int v4 = 0, v6 = 0;
    for (const auto& ip : ips) (ip.is_v4() ? v4 : v6)++;
    if (v4 > 1 || v6 > 1) {
      std::vector<std::string> ev;
      for (const auto& ip : ips) ev.push_back(ip.ToString());
      out.push_back({"ipam", Verdict::kFail,
                     "container " + owner.first + (owner.second.empty() ? "" : " (" + owner.second + ")") +
                         " holds " + std::to_string(ips.size()) + " leases of one family",
                     ev, "knetctl cni gc --config " + in.config_file + in.fix_flags});
    }
  }
  if (!in.running) {
    out.push_back({"ipam", Verdict::kInfo,
                   "leaked leases cannot be told here: no container runtime answered (crictl pods)",
                   {std::to_string(leases) + " lease(s) held"}, ""});
  } else if (!leaked.empty()) {
    out.push_back({"ipam", Verdict::kWarn,
                   std::to_string(leaked.size()) + " lease(s) belong to no running pod: they look leaked",
                   leaked, "knetctl cni gc --config " + in.config_file + in.fix_flags});
  } else {
    out.push_back({"ipam", Verdict::kPass, "every lease belongs to a running pod", {}, ""});
  }
  return out;
}

}  // namespace knetctl::doctor
