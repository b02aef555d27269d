// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/nft.h"

#include <doctest/doctest.h>

using namespace knetctl::iptables;
using nlohmann::json;

namespace {
// What libnftables lists for iptables-nft's `-A INPUT [-p tcp] -j REJECT --reject-with ...`.
json XtRule(bool with_match) {
  json expr = json::array();
  if (with_match)
    expr.push_back(
        {{"match", {{"op", "=="}, {"left", {{"meta", {{"key", "l4proto"}}}}}, {"right", "tcp"}}}});
  expr.push_back({{"counter", {{"packets", 3}, {"bytes", 180}}}});
  expr.push_back({{"xt", {{"type", "target"}, {"name", "REJECT"}}}});
  return {{"family", "ip"}, {"table", "filter"}, {"chain", "INPUT"}, {"handle", 2}, {"expr", expr}};
}
}  // namespace

TEST_CASE("nft rule matcher: iptables-nft's xt REJECT, type from the text") {
  auto m = MatchNftRule(XtRule(false),
                        "counter packets 3 bytes 180 reject with icmp type host-prohibited", 4);
  CHECK(m.is_reject);
  CHECK(m.catch_all);
  m = MatchNftRule(
      XtRule(true),
      "meta l4proto tcp counter packets 0 bytes 0 reject with icmp type host-prohibited", 4);
  CHECK(m.is_reject);
  CHECK_FALSE(m.catch_all);
  CHECK_FALSE(MatchNftRule(XtRule(false), "counter packets 0 bytes 0 reject", 4).is_reject);
  CHECK_FALSE(MatchNftRule(XtRule(false), "", 4).is_reject);
  CHECK_FALSE(MatchNftRule(XtRule(false),
                           "counter packets 0 bytes 0 reject with icmp type host-prohibited", 6)
                  .is_reject);
  CHECK(MatchNftRule(XtRule(false),
                     "counter packets 0 bytes 0 reject with icmpv6 type admin-prohibited", 6)
            .is_reject);
}

TEST_CASE("nft rule matcher: native reject statements and other targets") {
  json native = {
      {"expr", json::array({{{"counter", nullptr}},
                            {{"reject", {{"type", "icmp"}, {"expr", "host-prohibited"}}}}})}};
  CHECK(MatchNftRule(native, "", 4).catch_all);
  json v6 = {
      {"expr", json::array({{{"reject", {{"type", "icmpv6"}, {"expr", "admin-prohibited"}}}}})}};
  CHECK(MatchNftRule(v6, "", 6).is_reject);
  CHECK_FALSE(MatchNftRule(v6, "", 4).is_reject);
  json accept = {{"expr", json::array({{{"counter", nullptr}}, {{"accept", nullptr}}})}};
  CHECK_FALSE(MatchNftRule(accept, "counter accept", 4).is_reject);
  CHECK_FALSE(MatchNftRule(json::object(), "", 4).is_reject);
  CHECK_FALSE(MatchNftRule({{"expr", json::array()}}, "", 4).is_reject);
}

TEST_CASE("handle text parser skips table and chain headers") {
  const char* text =
      "table ip filter { # handle 1\n"
      "\tchain INPUT { # handle 1\n"
      "\t\ttype filter hook input priority filter; policy accept;\n"
      "\t\tcounter packets 0 bytes 0 reject with icmp type host-prohibited # handle 2\n"
      "\t\tmeta l4proto tcp counter packets 0 bytes 0 accept # handle 13\n"
      "\t}\n"
      "}\n";
  auto m = ParseHandleText(text);
  REQUIRE(m.size() == 2);
  CHECK(m[2] == "counter packets 0 bytes 0 reject with icmp type host-prohibited");
  CHECK(m[13] == "meta l4proto tcp counter packets 0 bytes 0 accept");
}

TEST_CASE("table inspection counts rules and lists chains") {
  json ruleset = json::array({
      {{"metainfo", {{"version", "1.0.6"}}}},
      {{"table", {{"family", "ip"}, {"name", "filter"}, {"handle", 1}}}},
      {{"chain", {{"family", "ip"}, {"table", "filter"}, {"name", "INPUT"}}}},
      {{"chain", {{"family", "ip"}, {"table", "mangle"}, {"name", "KUBE-KUBELET-CANARY"}}}},
      {{"rule", XtRule(false)}},
  });
  auto f = InspectNftTable(ruleset, "ip", "filter");
  CHECK(f.exists);
  CHECK(f.rules == 1);
  CHECK(f.chains == std::vector<std::string>{"INPUT"});
  CHECK_FALSE(InspectNftTable(ruleset, "ip6", "filter").exists);
  CHECK(InspectNftTable(ruleset, "ip", "mangle").chains ==
        std::vector<std::string>{"KUBE-KUBELET-CANARY"});
}
