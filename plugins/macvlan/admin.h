// SPDX-License-Identifier: Apache-2.0
// `knetctl cni add|del|check|gc|status`: the plugin's code path driven by an admin.
#pragma once

#include <string>

#include "core/report.h"
#include "core/result.h"

namespace knetctl::macvlan {

/// Options of the admin front end.
struct AdminOptions {
  std::string command;        ///< add, del, check, gc, status
  std::string config = "-";   ///< file (a .conf, or a .conflist whose macvlan entry is used) or "-" for stdin
  std::string netns;          ///< container network namespace (CNI_NETNS)
  std::string container_id;
  std::string ifname = "eth0";
  std::string args;           ///< CNI_ARGS
  std::string cni_path = "/opt/cni/bin:/usr/lib/cni";
  std::string prev_result;    ///< check: file with the ADD result (default: runs ADD's view from the store)
  std::vector<std::string> valid;  ///< gc: valid attachments "ID/IFNAME"
};

/// Runs the command. ADD prints the result; CHECK differences give exit status 1;
/// --root prefixes ipam.dataDir; --dry-run changes nothing (GC lists what it would release).
Result<Report> AdminRun(const AdminOptions& opts, const GlobalOptions& global);

}  // namespace knetctl::macvlan
