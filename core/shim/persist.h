// SPDX-License-Identifier: Apache-2.0
// Making the shim survive reboots and `systemctl restart network`: the files each
// network manager reads. Generators are pure (state in, FileOps out); file_txn.h writes.
#pragma once

#include <string>
#include <vector>

#include "core/netlink/addr_exact.h"
#include "core/netlink/route.h"
#include "core/result.h"
#include "core/shim/file_txn.h"

namespace knetctl::shim {

/// Which configuration system to write.
enum class PersistKind { kNone, kIfcfg, kNetworkd, kNm };

/// "none", "ifcfg", "networkd", "nm".
std::string PersistName(PersistKind kind);

/// Parses --persist (without "auto"); errors list the allowed values.
Result<PersistKind> ParsePersistKind(const std::string& text);

/// What the shim looks like live, to be written down.
struct PersistInput {
  std::string root;
  std::string master;
  std::string shim;
  std::string mode = "bridge";
  std::string mac;
  std::vector<netlink::ExactAddr> addrs;   ///< the moved addresses, in order
  std::vector<netlink::RouteInfo> routes;  ///< the moved routes (oif ignored)
};

/// Files to change plus things the user should know.
struct PersistPlan {
  std::vector<FileOp> ops;
  std::vector<std::string> warnings;
};

/// `auto`: what manages the master today — an ifcfg file for it (network-scripts), a
/// .network file matching it (systemd-networkd), a NetworkManager keyfile for it; else
/// none. `why` says what was found.
PersistKind DetectPersistKind(const std::string& root, const std::string& master, std::string* why);

/// The backend that holds files for this shim now (for down/status), else kNone.
PersistKind PersistedKind(const std::string& root, const std::string& master,
                          const std::string& shim);

/// The files `up` writes for `kind`.
Result<PersistPlan> PlanPersistUp(PersistKind kind, const PersistInput& in);
/// The files `down` changes for `kind`: the shim's files removed (backups kept), the
/// master's files given back their content from before `up`.
Result<PersistPlan> PlanPersistDown(PersistKind kind, const std::string& root,
                                    const std::string& master, const std::string& shim);
/// Differences between the persisted configuration and `in` (empty: they match).
Result<std::vector<std::string>> CheckPersist(PersistKind kind, const PersistInput& in);

/// The name of the copy of a master's file taken before `up` first changed it (ends in
/// .bak, which the network service, networkd and NetworkManager all ignore).
std::string PreShimBackup(const std::string& path);

// Per-backend generators (persist_ifcfg.cpp, persist_networkd.cpp, persist_nm.cpp).
Result<PersistPlan> PlanIfcfgUp(const PersistInput& in);
Result<PersistPlan> PlanIfcfgDown(const std::string& root, const std::string& master,
                                  const std::string& shim);
Result<std::vector<std::string>> CheckIfcfg(const PersistInput& in);
Result<PersistPlan> PlanNetworkdUp(const PersistInput& in);
Result<PersistPlan> PlanNetworkdDown(const std::string& root, const std::string& master,
                                     const std::string& shim);
Result<std::vector<std::string>> CheckNetworkd(const PersistInput& in);
Result<PersistPlan> PlanNmUp(const PersistInput& in);
Result<PersistPlan> PlanNmDown(const std::string& root, const std::string& master,
                               const std::string& shim);
Result<std::vector<std::string>> CheckNm(const PersistInput& in);

}  // namespace knetctl::shim
