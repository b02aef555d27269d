// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"

namespace knetctl::iptables {

/// What the node shows about its iptables backend, for one family.
struct BackendSignals {
  bool legacy_filter = false;  ///< the kernel has a legacy (x_tables) filter table
  size_t legacy_rules = 0;     ///< rules in legacy filter (counted only when both tables exist)
  bool nft_filter = false;     ///< nf_tables has table ip|ip6 filter (iptables-nft's)
  size_t nft_rules = 0;        ///< rules in that table
  std::string kube_canary;     ///< "legacy"/"nft"/"both"/"": where kube-proxy's canary chains are
  std::string alternative;     ///< "legacy"/"nft"/"": the system's iptables command, under --root
  bool legacy_inspected = false;  ///< legacy rules and canaries were read (both tables exist)
};

/// Which backends `fw` acts on and which one the node is said to use.
struct BackendChoice {
  std::string primary;      ///< "legacy", "nft" or "none"
  bool use_legacy = false;  ///< act on the legacy filter table
  bool use_nft = false;     ///< act on nft table ip|ip6 filter
  std::string reason;       ///< which signal decided `primary`
};

/// Decides from the signals. `requested` is "auto", "legacy" or "nft". A backend is only
/// acted on when its filter table exists (never created); in auto mode every backend
/// whose filter table exists is acted on, since packets traverse both.
Result<BackendChoice> DecideBackend(const BackendSignals& s, const std::string& requested);

/// Classifies the system's iptables command under `root`: /etc/alternatives/iptables,
/// else /usr/sbin/iptables (or /sbin/iptables) and where its symlinks lead
/// ("...-legacy"/"xtables-legacy-multi"/"xtables-multi" → legacy, "...-nft" → nft).
std::string DetectAlternative(const std::string& root);

/// Reads the signals for `family` in the current thread's netns without creating any
/// table. The legacy tables are read (libiptc) only when both backends have a filter
/// table: with one, the choice is made, and a 20,000-rule table costs ~25 ms to read.
Result<BackendSignals> GatherSignals(int family, const std::string& root);

}  // namespace knetctl::iptables
