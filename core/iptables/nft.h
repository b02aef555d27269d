// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/iptables/legacy.h"
#include "core/iptables/live_rule.h"
#include "core/iptables/rules_file.h"
#include "core/result.h"

namespace knetctl::iptables {

/// "ip" or "ip6": the nft family iptables-nft / ip6tables-nft use.
const char* NftFamily(int family);

/// Lists the whole ruleset of the current thread's netns as libnftables JSON
/// (the "nftables" array). Reading creates nothing.
Result<nlohmann::json> NftListRuleset();

/// Facts about one nft table taken from a ruleset listing.
struct NftTableInfo {
  bool exists = false;
  size_t rules = 0;
  std::vector<std::string> chains;
};
/// Looks up `family table` (e.g. "ip" "filter") in a NftListRuleset() result.
NftTableInfo InspectNftTable(const nlohmann::json& ruleset, const std::string& family,
                             const std::string& table);

/// Rule text per handle, parsed from `nft -a list table` text output (libnftables
/// translates iptables-nft's xt targets there, e.g. "reject with icmp type host-prohibited",
/// which its JSON output omits).
std::map<uint64_t, std::string> ParseHandleText(const std::string& text);

/// Classifies one JSON rule object ({"family","table","chain","handle","expr"}) as
/// iptables-nft writes `-j REJECT --reject-with <type>`: the xt REJECT target (its type
/// read from the rule's `text`) or a native reject statement, and whether every other
/// expression is a counter (the catch-all form).
EntryMatch MatchNftRule(const nlohmann::json& rule, const std::string& text, int family);

/// Lists matching rules of table `ip|ip6 filter`.
Result<std::vector<LiveRule>> NftFind(const RejectRuleSpec& spec);

/// Deletes every matching rule by handle in one transaction (one batch), retrying when
/// the ruleset changed between listing and deleting. With `dry_run` only finds them.
Result<LiveOutcome> NftRemove(const RejectRuleSpec& spec, bool dry_run);

}  // namespace knetctl::iptables
