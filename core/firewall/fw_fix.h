// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/firewall/firewalld.h"
#include "core/report.h"
#include "core/result.h"

namespace knetctl::firewall {

/// Options of `knetctl fw fix|check`.
struct FwOptions {
  bool check = false;            ///< report only; exit 1 when found
  std::string backend = "auto";  ///< auto, legacy or nft
  std::vector<std::string> chains{"INPUT", "FORWARD"};
  std::string family = "4";                        ///< 4, 6 or all
  bool any_match = false;                          ///< also REJECT rules with matches
  std::string file = "/etc/sysconfig/iptables";    ///< persisted IPv4 ruleset (under --root)
  std::string file6 = "/etc/sysconfig/ip6tables";  ///< persisted IPv6 ruleset (under --root)
  bool save_live = false;                          ///< write the live ruleset into the files
  bool disable_firewalld = false;                  ///< disable firewalld, enable iptables.service
  ServiceManager* services = nullptr;              ///< default: systemd (tests pass a fake)
};

/// Finds (check) or removes (fix) the REJECT --reject-with icmp-host-prohibited rules
/// (icmp6-adm-prohibited for IPv6) in the live ruleset of every backend that has a filter
/// table and in the persisted files, in the current thread's netns.
Result<Report> FwRun(const FwOptions& opts, const GlobalOptions& global);

}  // namespace knetctl::firewall
