// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/backend.h"

#include <limits.h>
#include <unistd.h>

#include <algorithm>

#include "core/files.h"
#include "core/iptables/legacy.h"
#include "core/iptables/nft.h"

namespace knetctl::iptables {
namespace {

constexpr const char* kCanaries[] = {"KUBE-KUBELET-CANARY", "KUBE-PROXY-CANARY"};
constexpr const char* kCanaryTables[] = {"mangle", "nat", "filter"};

std::string ReadLink(const std::string& path) {
  char buf[PATH_MAX];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  if (n <= 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

std::string Classify(const std::string& name) {
  auto base = name.substr(name.find_last_of('/') + 1);
  if (base.find("nft") != std::string::npos) return "nft";
  if (base.find("legacy") != std::string::npos || base == "xtables-multi") return "legacy";
  return {};
}

}  // namespace

Result<BackendChoice> DecideBackend(const BackendSignals& s, const std::string& requested) {
  BackendChoice c;
  if (requested == "legacy") {
    c.primary = "legacy";
    c.use_legacy = s.legacy_filter;
    c.reason = "--backend legacy";
    return c;
  }
  if (requested == "nft") {
    c.primary = "nft";
    c.use_nft = s.nft_filter;
    c.reason = "--backend nft";
    return c;
  }
  if (requested != "auto" && !requested.empty()) {
    return MakeError(ErrorCode::kInvalidConfig,
                     "invalid --backend \"" + requested + "\": allowed are auto, legacy, nft");
  }
  c.use_legacy = s.legacy_filter;
  c.use_nft = s.nft_filter;
  if (!s.legacy_filter && !s.nft_filter) {
    c.primary = "none";
    c.reason = "no filter table in either backend";
  } else if (s.legacy_filter != s.nft_filter) {
    c.primary = s.legacy_filter ? "legacy" : "nft";
    c.reason = "only " + c.primary + " has a filter table";
  } else if (s.kube_canary == "legacy" || s.kube_canary == "nft") {
    // kube-proxy creates its canary chains with the iptables the node really uses.
    c.primary = s.kube_canary;
    c.reason = "kube-proxy canary chains are in " + s.kube_canary;
  } else if ((s.legacy_rules > 0) != (s.nft_rules > 0)) {
    c.primary = s.legacy_rules > 0 ? "legacy" : "nft";
    c.reason = "only " + c.primary + " has filter rules";
  } else if (!s.alternative.empty()) {
    c.primary = s.alternative;
    c.reason = "the system's iptables command is the " + s.alternative + " variant";
  } else {
    c.primary = s.legacy_rules >= s.nft_rules ? "legacy" : "nft";
    c.reason = "filter tables in both; more rules in " + c.primary;
  }
  return c;
}

std::string DetectAlternative(const std::string& root) {
  if (auto t = ReadLink(RootPath(root, "/etc/alternatives/iptables")); !t.empty()) {
    if (auto c = Classify(t); !c.empty()) return c;
  }
  for (const char* cmd : {"/usr/sbin/iptables", "/sbin/iptables"}) {
    std::string path = RootPath(root, cmd);
    // Follow the chain of links by hand so --root is honoured at each step.
    for (int depth = 0; depth < 8; ++depth) {
      std::string t = ReadLink(path);
      if (t.empty()) break;
      if (auto c = Classify(t); !c.empty() && t.find("alternatives") == std::string::npos) return c;
      if (t.find("alternatives") != std::string::npos) break;  // handled above
      path = t.front() == '/' ? RootPath(root, t) : path.substr(0, path.find_last_of('/') + 1) + t;
    }
  }
  return {};
}

Result<BackendSignals> GatherSignals(int family, const std::string& root) {
  BackendSignals s;
  auto tables = LegacyTables(family);
  if (!tables) return tables.error();
  auto has = [&](const std::string& t) {
    return std::find(tables->begin(), tables->end(), t) != tables->end();
  };
  s.legacy_filter = has("filter");

  auto ruleset = NftListRuleset();
  if (!ruleset) return ruleset.error();
  const std::string fam = NftFamily(family);
  auto filter = InspectNftTable(*ruleset, fam, "filter");
  s.nft_filter = filter.exists;
  s.nft_rules = filter.rules;
  bool nft_canary = false;
  for (const char* t : kCanaryTables) {
    auto info = InspectNftTable(*ruleset, fam, t);
    for (const char* chain : kCanaries) {
      nft_canary = nft_canary ||
                   std::find(info.chains.begin(), info.chains.end(), chain) != info.chains.end();
    }
  }

  bool legacy_canary = false;
  if (s.legacy_filter && s.nft_filter) {
    s.legacy_inspected = true;
    auto info = LegacyInspect(family, "filter", kCanaries[0]);
    if (!info) return info.error();
    s.legacy_rules = info->rules;
    for (const char* t : kCanaryTables) {
      if (!has(t) || legacy_canary) continue;
      for (const char* chain : kCanaries) {
        auto c = LegacyInspect(family, t, chain);
        if (!c) return c.error();
        legacy_canary = legacy_canary || c->has_chain;
      }
    }
  }
  s.kube_canary = legacy_canary && nft_canary ? "both"
                  : legacy_canary             ? "legacy"
                  : nft_canary                ? "nft"
                                              : "";
  s.alternative = DetectAlternative(root);
  return s;
}

}  // namespace knetctl::iptables
