// SPDX-License-Identifier: Apache-2.0
#include "core/shim/persist.h"

#include <dirent.h>
#include <fnmatch.h>

#include <algorithm>

#include "core/files.h"
#include "core/persist/ini.h"
#include "core/persist/networkd.h"
#include "core/persist/nm_keyfile.h"
#include "core/sysconfig/network_scripts.h"

namespace knetctl::shim {

std::string PersistName(PersistKind k) {
  switch (k) {
    case PersistKind::kNone:
      return "none";
    case PersistKind::kIfcfg:
      return "ifcfg";
    case PersistKind::kNetworkd:
      return "networkd";
    case PersistKind::kNm:
      return "nm";
  }
  return "none";
}

Result<PersistKind> ParsePersistKind(const std::string& t) {
  if (t == "none") return PersistKind::kNone;
  if (t == "ifcfg") return PersistKind::kIfcfg;
  if (t == "networkd") return PersistKind::kNetworkd;
  if (t == "nm") return PersistKind::kNm;
  return MakeError(ErrorCode::kInvalidConfig,
                   "invalid --persist \"" + t + "\": allowed are auto, ifcfg, networkd, nm, none");
}

std::string PreShimBackup(const std::string& path) { return path + ".pre-shim.bak"; }

PersistKind DetectPersistKind(const std::string& root, const std::string& master,
                              std::string* why) {
  auto ifcfg = sysconfig::FindIfcfgForDevice(root, master);
  if (ifcfg && ifcfg->has_value()) {
    if (why) *why = "found " + **ifcfg;
    return PersistKind::kIfcfg;
  }
  if (auto n = persist::FindNetworkFor(root, master); n && !n->empty()) {
    if (why) *why = "found " + *n;
    return PersistKind::kNetworkd;
  }
  if (auto k = persist::FindNmKeyfileFor(root, master); k && !k->empty()) {
    if (why) *why = "found " + *k;
    return PersistKind::kNm;
  }
  if (why)
    *why = "no ifcfg file, .network file or NetworkManager keyfile configures " + master +
           " under " + (root.empty() ? std::string("/") : root);
  return PersistKind::kNone;
}

PersistKind PersistedKind(const std::string& root, const std::string& master,
                          const std::string& shim) {
  if (PathExists(sysconfig::IfcfgPath(root, shim))) return PersistKind::kIfcfg;
  if (PathExists(persist::NetdevPath(root, shim))) return PersistKind::kNetworkd;
  if (PathExists(persist::NmKeyfilePath(root, shim))) return PersistKind::kNm;
  (void)master;
  return PersistKind::kNone;
}

Result<PersistPlan> PlanPersistUp(PersistKind kind, const PersistInput& in) {
  switch (kind) {
    case PersistKind::kNone:
      return PersistPlan{};
    case PersistKind::kIfcfg:
      return PlanIfcfgUp(in);
    case PersistKind::kNetworkd:
      return PlanNetworkdUp(in);
    case PersistKind::kNm:
      return PlanNmUp(in);
  }
  return PersistPlan{};
}

Result<PersistPlan> PlanPersistDown(PersistKind kind, const std::string& root,
                                    const std::string& master, const std::string& shim) {
  switch (kind) {
    case PersistKind::kNone:
      return PersistPlan{};
    case PersistKind::kIfcfg:
      return PlanIfcfgDown(root, master, shim);
    case PersistKind::kNetworkd:
      return PlanNetworkdDown(root, master, shim);
    case PersistKind::kNm:
      return PlanNmDown(root, master, shim);
  }
  return PersistPlan{};
}

Result<std::vector<std::string>> CheckPersist(PersistKind kind, const PersistInput& in) {
  switch (kind) {
    case PersistKind::kNone:
      return std::vector<std::string>{};
    case PersistKind::kIfcfg:
      return CheckIfcfg(in);
    case PersistKind::kNetworkd:
      return CheckNetworkd(in);
    case PersistKind::kNm:
      return CheckNm(in);
  }
  return std::vector<std::string>{};
}

}  // namespace knetctl::shim
