// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace knetctl::iptables {

/// Which REJECT rule a search looks for, and where.
struct RejectRuleSpec {
  int family = 4;  ///< 4 (icmp-host-prohibited) or 6 (icmp6-adm-prohibited)
  std::vector<std::string> chains{"INPUT", "FORWARD"};
  bool any_match = false;  ///< also rules with matches before the target
};

/// The --reject-with value CentOS's default ruleset uses for a family.
const char* RejectWithFor(int family);

/// One rule line of an iptables-save file that matches a RejectRuleSpec.
struct FileRuleMatch {
  size_t line = 0;  ///< 1-based line number
  std::string chain;
  std::string text;       ///< the line without its terminator ("\n" or "\r\n")
  bool catch_all = true;  ///< no matches: the rule CentOS ships
};

/// Classifies one iptables-save rule line (optionally "[p:b] "-prefixed, any whitespace,
/// "\r" tolerated). Returns true and fills `out` when it is a REJECT with the family's
/// reject type in one of `spec.chains` (and, unless spec.any_match, has no matches).
bool MatchRuleLine(const std::string& line, const RejectRuleSpec& spec, FileRuleMatch* out);

/// Finds the matching rule lines inside the `*filter` table of iptables-save text.
std::vector<FileRuleMatch> FindRejectLines(const std::string& text, const RejectRuleSpec& spec);

/// Returns `text` without the given lines (1-based numbers, each with its own terminator);
/// every other byte is kept as it was.
std::string RemoveLines(const std::string& text, const std::vector<size_t>& lines);

}  // namespace knetctl::iptables
