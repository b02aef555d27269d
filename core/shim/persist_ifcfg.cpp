// SPDX-License-Identifier: Apache-2.0
// network-scripts persistence: ifcfg-<shim> (DEVICETYPE=macvlan makes `ifup` run
// ifup-macvlan), the master's ifcfg without the moved keys, route-<shim>, GATEWAYDEV,
// and the packaged ifup-macvlan/ifdown-macvlan.
#include <linux/rtnetlink.h>

#include <algorithm>
#include <regex>
#include <set>

#include "core/files.h"
#include "core/shim/embedded_scripts.h"
#include "core/shim/persist.h"
#include "core/shim/plan.h"
#include "core/sysconfig/ifcfg.h"
#include "core/sysconfig/network_scripts.h"

namespace knetctl::shim {
namespace {

using sysconfig::IfcfgFile;

// Keys that describe the addressing the master had; they move to the shim. ARPCHECK
// and the *_FAILURE_FATAL keys are copied (they apply to both).
bool IsAddressingKey(const std::string& k) {
  static const std::regex re(
      "IPADDR[0-9]*|PREFIX[0-9]*|NETMASK[0-9]*|BROADCAST[0-9]*|NETWORK[0-9]*|GATEWAY[0-9]*|"
      "DNS[0-9]+|DOMAIN|DEFROUTE|PEERDNS|PEERROUTES|IPV6INIT|IPV6ADDR|IPV6ADDR_SECONDARIES|"
      "IPV6_DEFAULTGW|IPV6_DEFAULTDEV|IPV6_AUTOCONF|IPV6_DEFROUTE|IPV6_PEERDNS|IPV6_PEERROUTES|"
      "IPV6_ADDR_GEN_MODE|IPV6_PRIVACY|IPV4_FAILURE_FATAL|IPV6_FAILURE_FATAL|ZONE");
  return std::regex_match(k, re);
}
bool IsGeneratedAddressKey(const std::string& k) {
  static const std::regex re(
      "IPADDR[0-9]*|PREFIX[0-9]*|NETMASK[0-9]*|BROADCAST[0-9]*|NETWORK[0-9]*|GATEWAY|"
      "IPV6ADDR|IPV6ADDR_SECONDARIES|IPV6_DEFAULTGW|IPV6INIT");
  return std::regex_match(k, re);
}

Result<std::optional<IfcfgFile>> Load(const std::string& path) {
  if (!PathExists(path)) return std::optional<IfcfgFile>();
  auto text = ReadFile(path);
  if (!text) return text.error();
  auto f = IfcfgFile::Parse(*text, path);
  if (!f) return f.error();
  return std::optional<IfcfgFile>(std::move(*f));
}

bool IsDefault(const netlink::RouteInfo& r) {
  return r.dst.len == 0 && r.table == RT_TABLE_MAIN && r.gateway;
}

std::string ReplaceDev(const std::string& text, const std::string& from, const std::string& to) {
  // "dev em2" as a whole word, in route-<dev> argument lines.
  std::regex re("(\\bdev\\s+)" +
                std::regex_replace(from, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                "(?=\\s|$)");
  return std::regex_replace(text, re, "$1" + to);
}

}  // namespace

Result<PersistPlan> PlanIfcfgUp(const PersistInput& in) {
  PersistPlan plan;
  const std::string dir = sysconfig::NetworkScriptsDir(in.root);
  auto master_path = sysconfig::FindIfcfgForDevice(in.root, in.master);
  if (!master_path) return master_path.error();
  std::optional<IfcfgFile> master;
  std::string master_file = master_path->value_or(sysconfig::IfcfgPath(in.root, in.master));
  if (master_path->has_value()) {
    auto m = Load(master_file);
    if (!m) return m.error();
    master = std::move(*m);
  } else {
    plan.warnings.push_back("no ifcfg file configures " + in.master + " under " + dir +
                            "; writing only the shim's (the network service must still bring " +
                            in.master + " up)");
  }
  if (!sysconfig::NetworkServiceOrderLess(in.master, in.shim))
    plan.warnings.push_back("ifcfg-" + in.shim + " sorts before ifcfg-" + in.master +
                            ": the network service would bring the shim up before its parent; pick "
                            "a --name that sorts after");

  // The shim's file.
  IfcfgFile shim =
      IfcfgFile::Parse(
          "# Written by knetctl shim up: the macvlan shim of " + in.master +
          ", holding the node's addresses\n"
          "# (the kernel never passes traffic between a macvlan and its parent). ifup runs\n"
          "# ifup-macvlan for DEVICETYPE=macvlan; the name sorts after " +
          in.master + " so the parent comes up first.\n")
          .value();
  shim.Set("DEVICE", in.shim);
  shim.Set("NAME", in.shim);
  shim.Set("TYPE", "macvlan");
  shim.Set("DEVICETYPE", "macvlan");
  shim.Set("MACVLAN_PARENT", in.master);
  shim.Set("MACVLAN_MODE", in.mode);
  shim.Set("MACADDR", in.mac);
  std::string bootproto = "none";
  if (master) {
    auto bp = master->Get("BOOTPROTO").value_or("none");
    if (PathExists(PreShimBackup(master_file))) {
      auto pre = Load(PreShimBackup(master_file));
      if (pre && *pre) bp = (*pre)->Get("BOOTPROTO").value_or("none");
    }
    if (bp == "dhcp" || bp == "bootp") {
      bootproto = bp;
      plan.warnings.push_back(master_file + " uses BOOTPROTO=" + bp + ": the shim gets BOOTPROTO=" +
                              bp + " (it will lease with its own MAC " + in.mac + ")");
    }
  }
  shim.Set("BOOTPROTO", bootproto);
  shim.Set("ONBOOT", "yes");
  shim.Set("NM_CONTROLLED", "no");
  int v4 = 0;
  std::vector<std::string> v6;
  for (const auto& a : in.addrs) {
    if (a.local.addr.is_v4()) {
      if (bootproto != "none") continue;
      std::string idx = v4 == 0 ? "" : std::to_string(v4);
      shim.Set("IPADDR" + idx, a.local.addr.ToString());
      shim.Set("PREFIX" + idx, std::to_string(a.local.len));
      ++v4;
    } else {
      v6.push_back(a.local.ToString());
    }
  }
  for (const auto& r : in.routes)
    if (IsDefault(r) && r.gateway->is_v4()) shim.Set("GATEWAY", r.gateway->ToString());
  if (!v6.empty()) {
    shim.Set("IPV6INIT", "yes");
    shim.Set("IPV6ADDR", v6.front());
    if (v6.size() > 1) {
      std::string rest;
      for (size_t i = 1; i < v6.size(); ++i) rest += (i > 1 ? " " : "") + v6[i];
      shim.Set("IPV6ADDR_SECONDARIES", rest);
    }
    for (const auto& r : in.routes)
      if (IsDefault(r) && r.gateway->is_v6()) shim.Set("IPV6_DEFAULTGW", r.gateway->ToString());
  }
  std::optional<IfcfgFile> new_master;
  if (master) {
    // Other addressing keys (DNS, DOMAIN, DEFROUTE, ...) follow the addresses. On a rerun
    // the master no longer has them: read them from the copy taken before the shim.
    std::optional<IfcfgFile> source = master;
    if (PathExists(PreShimBackup(master_file))) {
      auto pre = Load(PreShimBackup(master_file));
      if (!pre) return pre.error();
      source = std::move(*pre);
    }
    for (const auto& k : source->Keys()) {
      if (IsGeneratedAddressKey(k)) continue;
      if (IsAddressingKey(k) || k == "ARPCHECK") shim.Set(k, *source->Get(k));
    }
    if (auto ip = master->Get("IPADDR"); ip && v4 > 0 && *ip != shim.Get("IPADDR"))
      plan.warnings.push_back(master_file + " has IPADDR=" + *ip + " but the live address is " +
                              *shim.Get("IPADDR") + "; the shim's file gets the live one");
    new_master = *master;
    for (const auto& k : master->Keys())
      if (IsAddressingKey(k)) new_master->Remove(k);
    new_master->Set("BOOTPROTO", "none");
    new_master->Set("ONBOOT", "yes");
  }

  // Files: a pre-shim copy of every master-side file first (only the first time, while
  // it still has the addressing), then the new content.
  auto add_master_change = [&](const std::string& path, const std::optional<std::string>& now,
                               const std::optional<std::string>& next, const std::string& why) {
    if (now == next) return;
    if (now && !PathExists(PreShimBackup(path)))
      plan.ops.push_back({PreShimBackup(path), now, 0644, "", "copy from before the shim"});
    plan.ops.push_back({path, next, 0644, "", why});
  };
  if (master)
    add_master_change(master_file, master->Render(), new_master->Render(),
                      "addressing moved to " + in.shim);

  plan.ops.push_back({sysconfig::IfcfgPath(in.root, in.shim), shim.Render(), 0644, "", "the shim"});

  // Static routes: route-<master> moves to route-<shim>; without one, the live routes.
  for (const char* prefix : {"route-", "route6-"}) {
    std::string mpath = dir + "/" + prefix + in.master;
    std::string spath = dir + "/" + prefix + in.shim;
    bool v6file = std::string(prefix) == "route6-";
    if (PathExists(mpath)) {
      auto text = ReadFile(mpath);
      if (!text) return text.error();
      plan.ops.push_back(
          {spath, ReplaceDev(*text, in.master, in.shim), 0644, "", "static routes via the shim"});
      add_master_change(mpath, *text, std::nullopt, "moved to " + spath);
      continue;
    }
    std::string lines;
    for (const auto& r : in.routes)
      if (!IsDefault(r) && r.dst.addr.is_v6() == v6file) lines += RouteToIp(r, in.shim) + "\n";
    if (!lines.empty())
      plan.ops.push_back({spath,
                          "# Written by knetctl shim up: routes through " + in.shim + "\n" + lines,
                          0644, "", "static routes via the shim"});
  }

  // GATEWAYDEV=<master> in /etc/sysconfig/network would keep the default route off the shim.
  std::string netfile = RootPath(in.root, "/etc/sysconfig/network");
  auto net = Load(netfile);
  if (!net) return net.error();
  if (*net && (*net)->Get("GATEWAYDEV") == in.master) {
    IfcfgFile changed = **net;
    changed.Set("GATEWAYDEV", in.shim);
    add_master_change(netfile, (*net)->Render(), changed.Render(), "GATEWAYDEV now " + in.shim);
  }

  plan.ops.push_back(
      {dir + "/ifup-macvlan", std::string(kIfupMacvlan), 0755, "", "ifup for DEVICETYPE=macvlan"});
  plan.ops.push_back({dir + "/ifdown-macvlan", std::string(kIfdownMacvlan), 0755, "",
                      "ifdown for DEVICETYPE=macvlan"});
  return plan;
}

Result<PersistPlan> PlanIfcfgDown(const std::string& root, const std::string& master,
                                  const std::string& shim) {
  PersistPlan plan;
  const std::string dir = sysconfig::NetworkScriptsDir(root);
  plan.ops.push_back({sysconfig::IfcfgPath(root, shim), std::nullopt, 0644, "", "the shim"});
  for (const char* prefix : {"route-", "route6-"})
    plan.ops.push_back({dir + "/" + prefix + shim, std::nullopt, 0644, "", "the shim's routes"});
  auto master_path = sysconfig::FindIfcfgForDevice(root, master);
  if (!master_path) return master_path.error();
  std::vector<std::string> restore = {master_path->value_or(sysconfig::IfcfgPath(root, master)),
                                      dir + "/route-" + master, dir + "/route6-" + master,
                                      RootPath(root, "/etc/sysconfig/network")};
  for (const auto& path : restore) {
    std::string pre = PreShimBackup(path);
    if (!PathExists(pre)) continue;
    auto text = ReadFile(pre);
    if (!text) return text.error();
    plan.ops.push_back({path, *text, 0644, "", "content from before the shim"});
    // The pre-shim copy is done; it stays as an ordinary backup.
    plan.ops.push_back(
        {pre, std::nullopt, 0644, path + ".bak", "copy from before the shim, kept as .bak"});
  }
  if (master_path->has_value() && !PathExists(PreShimBackup(**master_path)))
    plan.warnings.push_back("no copy of " + **master_path +
                            " from before the shim: its addressing is not restored");
  return plan;
}

Result<std::vector<std::string>> CheckIfcfg(const PersistInput& in) {
  std::vector<std::string> drift;
  std::string path = sysconfig::IfcfgPath(in.root, in.shim);
  auto f = Load(path);
  if (!f) return f.error();
  if (!*f) return std::vector<std::string>{path + " is missing"};
  const IfcfgFile& s = **f;
  auto expect = [&](const std::string& key, const std::string& want) {
    auto got = s.Get(key).value_or("");
    std::string a = got, b = want;
    std::transform(a.begin(), a.end(), a.begin(), ::tolower);
    std::transform(b.begin(), b.end(), b.begin(), ::tolower);
    if (a != b) drift.push_back(path + ": " + key + "=" + got + ", live: " + want);
  };
  expect("DEVICETYPE", "macvlan");
  expect("MACVLAN_PARENT", in.master);
  expect("MACVLAN_MODE", in.mode);
  expect("MACADDR", in.mac);
  if (s.Get("BOOTPROTO").value_or("none") == "none" || s.Get("BOOTPROTO") == "static") {
    std::set<std::string> file_addrs, live_addrs;
    for (const auto& k : s.Keys()) {
      std::smatch m;
      if (std::regex_match(k, m, std::regex("IPADDR([0-9]*)"))) {
        std::string p = s.Get("PREFIX" + m[1].str()).value_or("");
        file_addrs.insert(*s.Get(k) + "/" + p);
      }
    }
    for (const auto& w :
         {s.Get("IPV6ADDR").value_or(""), s.Get("IPV6ADDR_SECONDARIES").value_or("")}) {
      std::string word;
      for (char c : w + " ") {
        if (c == ' ') {
          if (!word.empty())
            file_addrs.insert(word.find('/') == std::string::npos ? word + "/64" : word);
          word.clear();
        } else {
          word += c;
        }
      }
    }
    for (const auto& a : in.addrs) live_addrs.insert(a.local.ToString());
    if (file_addrs != live_addrs) {
      std::string fa, la;
      for (const auto& x : file_addrs) fa += (fa.empty() ? "" : " ") + x;
      for (const auto& x : live_addrs) la += (la.empty() ? "" : " ") + x;
      drift.push_back(path + ": addresses [" + fa + "], live: [" + la + "]");
    }
  }
  auto mp = sysconfig::FindIfcfgForDevice(in.root, in.master);
  if (!mp) return mp.error();
  if (mp->has_value()) {
    auto m = Load(**mp);
    if (!m) return m.error();
    if (*m && ((*m)->Has("IPADDR") || (*m)->Has("IPV6ADDR")))
      drift.push_back(**mp + " still assigns addresses to " + in.master);
  }
  for (const char* script : {"ifup-macvlan", "ifdown-macvlan"})
    if (!PathExists(sysconfig::NetworkScriptsDir(in.root) + "/" + script))
      drift.push_back(sysconfig::NetworkScriptsDir(in.root) + "/" + script + " is missing");
  return drift;
}

}  // namespace knetctl::shim
