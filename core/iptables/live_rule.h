// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace knetctl::iptables {

/// A matching rule found in the live ruleset of one backend.
struct LiveRule {
  int family = 4;
  std::string backend;  ///< "legacy" or "nft"
  std::string table = "filter";
  std::string chain;
  uint64_t position = 0;  ///< legacy: 0-based index in the chain; nft: the rule handle
  std::string text;       ///< the rule as iptables-save (legacy) or nft (nft) prints it
  bool catch_all = true;  ///< no matches: the rule CentOS ships
  uint64_t packets = 0;   ///< counters at the time it was found
  uint64_t bytes = 0;
};

/// What a live removal found and did.
struct LiveOutcome {
  std::vector<LiveRule> rules;  ///< the matching rules (removed unless dry-run)
  bool removed = false;         ///< a commit/transaction removed them
  int attempts = 0;             ///< commits tried (EAGAIN/ENOENT races are retried)
};

}  // namespace knetctl::iptables
