// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/iptables/live_rule.h"
#include "core/iptables/rules_file.h"
#include "core/result.h"

struct ipt_entry;
struct ip6t_entry;

namespace knetctl::iptables {

/// How an x_tables entry relates to the REJECT rule being looked for.
struct EntryMatch {
  bool is_reject = false;  ///< REJECT with the family's reject type (host/adm-prohibited)
  bool catch_all = false;  ///< and no matches, any address, interface and protocol
};

/// Classifies a legacy IPv4 entry (as libiptc returns it from the kernel blob).
EntryMatch MatchEntry(const ipt_entry* e);
/// Classifies a legacy IPv6 entry.
EntryMatch MatchEntry(const ip6t_entry* e);

/// Renders an entry roughly as iptables-save would (addresses, interfaces, protocol,
/// match names, target), for reports.
std::string DescribeEntry(const std::string& chain, const ipt_entry* e);
std::string DescribeEntry(const std::string& chain, const ip6t_entry* e);

/// The tables the kernel has for a family in the current thread's netns, from
/// /proc/thread-self/net/ip{,6}_tables_names; reading it creates nothing. Empty when the
/// x_tables module is not loaded.
Result<std::vector<std::string>> LegacyTables(int family);

/// The xtables lock file iptables itself uses: $XTABLES_LOCKFILE or /run/xtables.lock.
std::string XtablesLockPath();

/// Lists the matching rules of the legacy filter table. The caller must have checked that
/// the table exists (LegacyTables): libiptc would otherwise create it.
Result<std::vector<LiveRule>> LegacyFind(const RejectRuleSpec& spec);

/// Removes every matching rule of the legacy filter table in one commit, holding the
/// xtables lock from init to commit and retrying when the commit races (EAGAIN).
/// With `dry_run` only finds them.
Result<LiveOutcome> LegacyRemove(const RejectRuleSpec& spec, bool dry_run);

/// Number of rules in a legacy table and whether it has `chain` (kube-proxy's canaries).
struct LegacyTableInfo {
  size_t rules = 0;
  bool has_chain = false;
};
Result<LegacyTableInfo> LegacyInspect(int family, const std::string& table,
                                      const std::string& chain);

}  // namespace knetctl::iptables
