// SPDX-License-Identifier: Apache-2.0
// systemd-networkd persistence: <shim>.netdev (Kind=macvlan, pinned MACAddress),
// <shim>.network with the moved addressing, MACVLAN=<shim> on the master's .network
// (networkd creates a macvlan only when its parent's .network names it).
#include <linux/rtnetlink.h>

#include <algorithm>
#include <set>

#include "core/files.h"
#include "core/persist/ini.h"
#include "core/persist/networkd.h"
#include "core/shim/persist.h"

namespace knetctl::shim {
namespace {

using persist::IniFile;

const char* const kHeader =
    "# Written by knetctl shim up: the macvlan shim holding the node's addresses.\n";

bool IsDefaultMain(const netlink::RouteInfo& r) {
  return r.dst.len == 0 && r.table == RT_TABLE_MAIN && r.gateway;
}

bool MovesToShim(const std::string& k) {
  return k == "Address" || k == "Gateway" || k == "DNS" || k == "Domains";
}

}  // namespace

Result<PersistPlan> PlanNetworkdUp(const PersistInput& in) {
  PersistPlan plan;
  IniFile netdev = IniFile::Parse(kHeader);
  netdev.Set("NetDev", "Name", in.shim);
  netdev.Set("NetDev", "Kind", "macvlan");
  netdev.Set("NetDev", "MACAddress", in.mac);
  netdev.Set("MACVLAN", "Mode", in.mode);

  IniFile net = IniFile::Parse(kHeader);
  net.Set("Match", "Name", in.shim);
  for (const auto& a : in.addrs) net.Add("Network", "Address", a.local.ToString());
  for (const auto& r : in.routes)
    if (IsDefaultMain(r) && r.priority == 0) net.Add("Network", "Gateway", r.gateway->ToString());

  auto master_path = persist::FindNetworkFor(in.root, in.master);
  if (!master_path) return master_path.error();
  std::vector<std::string> moved_sections;
  std::string master_file =
      master_path->empty() ? persist::ShimNetworkPath(in.root, in.master) : *master_path;
  std::optional<std::string> before;
  IniFile master;
  if (!master_path->empty()) {
    auto text = ReadFile(master_file);
    if (!text) return text.error();
    before = *text;
    master = IniFile::Parse(*text);
    // On a rerun the master no longer has what moved: take it from the pre-shim copy.
    IniFile source = master;
    if (PathExists(PreShimBackup(master_file))) {
      auto pre = ReadFile(PreShimBackup(master_file));
      if (!pre) return pre.error();
      source = IniFile::Parse(*pre);
    }
    for (const auto& k : {"DNS", "Domains"})
      for (const auto& v : source.GetAll("Network", k)) net.Add("Network", k, v);
    master.RemoveIf("Network", MovesToShim);
    master.TakeSections("Address");
    master.TakeSections("Route");
    for (const char* s : {"Address", "Route"})
      for (const auto& body : source.TakeSections(s)) moved_sections.push_back(body);
  } else {
    plan.warnings.push_back("no .network file matches " + in.master + " under " +
                            persist::NetworkdDir(in.root) + "; writing " + master_file +
                            " to attach the shim");
    master = IniFile::Parse(kHeader);
    master.Set("Match", "Name", in.master);
  }
  auto macvlans = master.GetAll("Network", "MACVLAN");
  if (std::find(macvlans.begin(), macvlans.end(), in.shim) == macvlans.end())
    master.Add("Network", "MACVLAN", in.shim);

  std::string net_text = net.Render();
  if (!moved_sections.empty()) {
    for (const auto& s : moved_sections) net_text += "\n" + s;
  } else {
    for (const auto& r : in.routes) {
      if (IsDefaultMain(r) && r.priority == 0) continue;
      net_text += "\n[Route]\n";
      net_text += "Destination=" + r.dst.ToString() + "\n";
      if (r.gateway) net_text += "Gateway=" + r.gateway->ToString() + "\n";
      if (r.priority) net_text += "Metric=" + std::to_string(r.priority) + "\n";
      if (r.table != RT_TABLE_MAIN) net_text += "Table=" + std::to_string(r.table) + "\n";
    }
  }
  std::string after = master.Render();
  if (before != after) {
    if (before && !PathExists(PreShimBackup(master_file)))
      plan.ops.push_back(
          {PreShimBackup(master_file), before, 0644, "", "copy from before the shim"});
    plan.ops.push_back(
        {master_file, after, 0644, "", "MACVLAN=" + in.shim + ", addressing moved to the shim"});
  }
  plan.ops.push_back(
      {persist::NetdevPath(in.root, in.shim), netdev.Render(), 0644, "", "the shim"});
  plan.ops.push_back(
      {persist::ShimNetworkPath(in.root, in.shim), net_text, 0644, "", "the shim's addressing"});
  return plan;
}

Result<PersistPlan> PlanNetworkdDown(const std::string& root, const std::string& master,
                                     const std::string& shim) {
  PersistPlan plan;
  plan.ops.push_back({persist::NetdevPath(root, shim), std::nullopt, 0644, "", "the shim"});
  plan.ops.push_back(
      {persist::ShimNetworkPath(root, shim), std::nullopt, 0644, "", "the shim's addressing"});
  auto mp = persist::FindNetworkFor(root, master);
  if (!mp) return mp.error();
  if (!mp->empty() && PathExists(PreShimBackup(*mp))) {
    auto text = ReadFile(PreShimBackup(*mp));
    if (!text) return text.error();
    plan.ops.push_back({*mp, *text, 0644, "", "content from before the shim"});
    plan.ops.push_back({PreShimBackup(*mp), std::nullopt, 0644, *mp + ".bak", "kept as .bak"});
  } else if (!mp->empty()) {
    plan.warnings.push_back("no copy of " + *mp + " from before the shim: remove MACVLAN=" + shim +
                            " by hand");
  }
  plan.ops.push_back({persist::ShimNetworkPath(root, master), std::nullopt, 0644, "",
                      "written to attach the shim"});
  return plan;
}

Result<std::vector<std::string>> CheckNetworkd(const PersistInput& in) {
  std::vector<std::string> drift;
  std::string nd = persist::NetdevPath(in.root, in.shim),
              nw = persist::ShimNetworkPath(in.root, in.shim);
  auto a = ReadFile(nd);
  if (!a) return std::vector<std::string>{nd + " is missing"};
  auto b = ReadFile(nw);
  if (!b) return std::vector<std::string>{nw + " is missing"};
  auto netdev = IniFile::Parse(*a);
  auto net = IniFile::Parse(*b);
  auto expect = [&](const IniFile& f, const std::string& path, const char* sec, const char* key,
                    const std::string& want) {
    auto got = f.Get(sec, key).value_or("");
    if (got != want) drift.push_back(path + ": " + sec + "." + key + "=" + got + ", live: " + want);
  };
  expect(netdev, nd, "NetDev", "Kind", "macvlan");
  expect(netdev, nd, "NetDev", "MACAddress", in.mac);
  expect(netdev, nd, "MACVLAN", "Mode", in.mode);
  std::set<std::string> file_addrs, live;
  for (const auto& v : net.GetAll("Network", "Address")) file_addrs.insert(v);
  for (const auto& x : in.addrs) live.insert(x.local.ToString());
  if (file_addrs != live) drift.push_back(nw + ": Address= differs from the live addresses");
  auto mp = persist::FindNetworkFor(in.root, in.master);
  if (!mp) return mp.error();
  std::string mf = mp->empty() ? persist::ShimNetworkPath(in.root, in.master) : *mp;
  auto m = ReadFile(mf);
  auto macvlans = m ? IniFile::Parse(*m).GetAll("Network", "MACVLAN") : std::vector<std::string>{};
  if (std::find(macvlans.begin(), macvlans.end(), in.shim) == macvlans.end())
    drift.push_back(mf + " does not attach the shim (MACVLAN=" + in.shim + ")");
  return drift;
}

}  // namespace knetctl::shim
