// SPDX-License-Identifier: Apache-2.0
// NetworkManager persistence: a keyfile profile of type macvlan for the shim (pinned
// MAC through ethernet.cloned-mac-address) and the master's profile without addressing.
#include <linux/rtnetlink.h>

#include <set>

#include "core/files.h"
#include "core/persist/ini.h"
#include "core/persist/nm_keyfile.h"
#include "core/shim/persist.h"

namespace knetctl::shim {
namespace {

using persist::IniFile;

const char* const kHeader =
    "# Written by knetctl shim up: the macvlan shim holding the node's addresses.\n";

// NMSettingMacvlanMode: 1 vepa, 2 bridge, 3 private, 4 passthru, 5 source.
std::string NmMode(const std::string& mode) {
  if (mode == "vepa") return "1";
  if (mode == "private") return "3";
  if (mode == "passthru") return "4";
  if (mode == "source") return "5";
  return "2";
}

bool IsAddressingKey(const std::string& k) {
  return k.rfind("address", 0) == 0 || k.rfind("route", 0) == 0 || k == "gateway" ||
         k.rfind("dns", 0) == 0;
}

std::string KnetctlMasterProfile(const std::string& root, const std::string& master) {
  return persist::NmDir(root) + "/knetctl-" + master + ".nmconnection";
}

}  // namespace

Result<PersistPlan> PlanNmUp(const PersistInput& in) {
  PersistPlan plan;
  IniFile k = IniFile::Parse(kHeader);
  k.Set("connection", "id", in.shim);
  k.Set("connection", "uuid", persist::StableUuid(in.shim));
  k.Set("connection", "type", "macvlan");
  k.Set("connection", "interface-name", in.shim);
  k.Set("connection", "autoconnect", "true");
  k.Set("macvlan", "mode", NmMode(in.mode));
  k.Set("macvlan", "parent", in.master);
  k.Set("macvlan", "promiscuous", "true");
  k.Set("macvlan", "tap", "false");
  k.Set("ethernet", "cloned-mac-address", in.mac);
  for (int fam : {4, 6}) {
    std::string sec = fam == 4 ? "ipv4" : "ipv6";
    int n = 0;
    std::optional<IpAddress> gw;
    for (const auto& r : in.routes)
      if (r.dst.len == 0 && r.table == RT_TABLE_MAIN && r.gateway &&
          (r.gateway->is_v4() == (fam == 4)))
        gw = r.gateway;
    for (const auto& a : in.addrs) {
      if (a.local.addr.is_v4() != (fam == 4)) continue;
      std::string v = a.local.ToString();
      if (n == 0 && gw) v += "," + gw->ToString();
      k.Set(sec, "address" + std::to_string(++n), v);
    }
    int rn = 0;
    for (const auto& r : in.routes) {
      if (r.dst.addr.is_v4() != (fam == 4) || (r.dst.len == 0 && r.table == RT_TABLE_MAIN))
        continue;
      std::string v = r.dst.ToString() + (r.gateway ? "," + r.gateway->ToString()
                                                    : std::string(fam == 4 ? ",0.0.0.0" : ",::"));
      if (r.priority) v += "," + std::to_string(r.priority);
      k.Set(sec, "route" + std::to_string(++rn), v);
    }
    k.Set(sec, "method", n > 0 ? "manual" : (fam == 4 ? "disabled" : "ignore"));
  }

  auto mp = persist::FindNmKeyfileFor(in.root, in.master);
  if (!mp) return mp.error();
  std::string mf = mp->empty() ? KnetctlMasterProfile(in.root, in.master) : *mp;
  std::optional<std::string> before;
  IniFile m;
  if (!mp->empty()) {
    auto text = ReadFile(mf);
    if (!text) return text.error();
    before = *text;
    m = IniFile::Parse(*text);
    // On a rerun the master no longer has what moved: take it from the pre-shim copy.
    IniFile source = m;
    if (PathExists(PreShimBackup(mf))) {
      auto pre = ReadFile(PreShimBackup(mf));
      if (!pre) return pre.error();
      source = IniFile::Parse(*pre);
    }
    for (const char* sec : {"ipv4", "ipv6"})
      for (const char* key : {"dns", "dns-search"})
        if (auto v = source.Get(sec, key); v && !v->empty()) k.Set(sec, key, *v);
    // Router advertisements now reach the host through the shim: SLAAC/DHCPv6 follow.
    if (auto v6 = source.Get("ipv6", "method");
        (v6 == "auto" || v6 == "dhcp") && k.Get("ipv6", "method") == "ignore")
      k.Set("ipv6", "method", *v6);
  } else {
    plan.warnings.push_back("no NetworkManager profile for " + in.master + " under " +
                            persist::NmDir(in.root) + "; writing " + mf +
                            " so it comes up without addresses");
    m = IniFile::Parse(kHeader);
    m.Set("connection", "id", in.master);
    m.Set("connection", "uuid", persist::StableUuid(in.master));
    m.Set("connection", "type", "ethernet");
    m.Set("connection", "interface-name", in.master);
  }
  m.RemoveIf("ipv4", IsAddressingKey);
  m.RemoveIf("ipv6", IsAddressingKey);
  m.Set("ipv4", "method", "disabled");
  m.Set("ipv6", "method", "ignore");
  std::string after = m.Render();
  if (before != after) {
    if (before && !PathExists(PreShimBackup(mf)))
      plan.ops.push_back({PreShimBackup(mf), before, 0600, "", "copy from before the shim"});
    plan.ops.push_back({mf, after, 0600, "", "addressing moved to " + in.shim});
  }
  // NetworkManager refuses keyfiles readable by others.
  plan.ops.push_back({persist::NmKeyfilePath(in.root, in.shim), k.Render(), 0600, "", "the shim"});
  return plan;
}

Result<PersistPlan> PlanNmDown(const std::string& root, const std::string& master,
                               const std::string& shim) {
  PersistPlan plan;
  plan.ops.push_back({persist::NmKeyfilePath(root, shim), std::nullopt, 0600, "", "the shim"});
  auto mp = persist::FindNmKeyfileFor(root, master);
  if (!mp) return mp.error();
  if (!mp->empty() && PathExists(PreShimBackup(*mp))) {
    auto text = ReadFile(PreShimBackup(*mp));
    if (!text) return text.error();
    plan.ops.push_back({*mp, *text, 0600, "", "content from before the shim"});
    plan.ops.push_back({PreShimBackup(*mp), std::nullopt, 0600, *mp + ".bak", "kept as .bak"});
  }
  if (mp->empty() || *mp == KnetctlMasterProfile(root, master))
    plan.ops.push_back(
        {KnetctlMasterProfile(root, master), std::nullopt, 0600, "", "written for the shim"});
  return plan;
}

Result<std::vector<std::string>> CheckNm(const PersistInput& in) {
  std::vector<std::string> drift;
  std::string path = persist::NmKeyfilePath(in.root, in.shim);
  auto text = ReadFile(path);
  if (!text) return std::vector<std::string>{path + " is missing"};
  auto k = IniFile::Parse(*text);
  auto expect = [&](const char* sec, const char* key, const std::string& want) {
    auto got = k.Get(sec, key).value_or("");
    if (got != want) drift.push_back(path + ": " + sec + "." + key + "=" + got + ", live: " + want);
  };
  expect("connection", "type", "macvlan");
  expect("macvlan", "parent", in.master);
  expect("macvlan", "mode", NmMode(in.mode));
  expect("ethernet", "cloned-mac-address", in.mac);
  std::set<std::string> file_addrs, live;
  for (const char* sec : {"ipv4", "ipv6"})
    for (int i = 1; i < 100; ++i) {
      auto v = k.Get(sec, "address" + std::to_string(i));
      if (!v) break;
      file_addrs.insert(v->substr(0, v->find(',')));
    }
  for (const auto& a : in.addrs) live.insert(a.local.ToString());
  if (file_addrs != live) drift.push_back(path + ": addresses differ from the live ones");
  return drift;
}

}  // namespace knetctl::shim
