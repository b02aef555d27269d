// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/rules_file.h"

#include <doctest/doctest.h>

#include "core/files.h"

using namespace knetctl;
using namespace knetctl::iptables;

namespace {
std::string Testdata(const std::string& name) {
  auto r = ReadFile(std::string(KNETCTL_SOURCE_DIR) + "/testdata/iptables/" + name);
  REQUIRE(r.ok());
  return *r;
}
std::vector<size_t> LinesOf(const std::vector<FileRuleMatch>& m) {
  std::vector<size_t> v;
  for (auto& x : m) v.push_back(x.line);
  return v;
}
}  // namespace

TEST_CASE("rule line matcher: the catch-all forms") {
  RejectRuleSpec spec;
  FileRuleMatch m;
  CHECK(MatchRuleLine("-A INPUT -j REJECT --reject-with icmp-host-prohibited", spec, &m));
  CHECK(m.chain == "INPUT");
  CHECK(m.catch_all);
  CHECK(MatchRuleLine("-A FORWARD -j REJECT --reject-with icmp-host-prohibited\r", spec, &m));
  CHECK(m.text == "-A FORWARD -j REJECT --reject-with icmp-host-prohibited");
  CHECK(MatchRuleLine("  -A\tINPUT  -j   REJECT --reject-with icmp-host-prohibited  ", spec, &m));
  CHECK(MatchRuleLine("[17:1020] -A INPUT -j REJECT --reject-with icmp-host-prohibited", spec, &m));
  CHECK(MatchRuleLine("--append INPUT --jump REJECT --reject-with icmp-host-prohibited", spec, &m));
}

TEST_CASE("rule line matcher: what stays") {
  RejectRuleSpec spec;
  CHECK_FALSE(
      MatchRuleLine("-A OUTPUT -j REJECT --reject-with icmp-host-prohibited", spec, nullptr));
  CHECK_FALSE(MatchRuleLine("-A INPUT -j REJECT", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("-A INPUT -j REJECT --reject-with icmp-port-unreachable", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("-A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("-I INPUT -j REJECT --reject-with icmp-host-prohibited", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("# -A INPUT -j REJECT --reject-with icmp-host-prohibited", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("-A INPUT -j REJECT --reject-with icmp6-adm-prohibited", spec, nullptr));
  CHECK_FALSE(
      MatchRuleLine("[0:0 -A INPUT -j REJECT --reject-with icmp-host-prohibited", spec, nullptr));
  CHECK_FALSE(MatchRuleLine(
      "-A INPUT -m comment --comment \"x -j REJECT --reject-with icmp-host-prohibited\" -j ACCEPT",
      spec, nullptr));
}

TEST_CASE("rule line matcher: --any-match and IPv6") {
  RejectRuleSpec spec;
  spec.any_match = true;
  FileRuleMatch m;
  CHECK(MatchRuleLine("-A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited", spec, &m));
  CHECK_FALSE(m.catch_all);
  CHECK(MatchRuleLine(
      "-A INPUT -m comment --comment \"a b\" -j REJECT --reject-with icmp-host-prohibited", spec,
      &m));
  RejectRuleSpec six;
  six.family = 6;
  CHECK(MatchRuleLine("-A INPUT -j REJECT --reject-with icmp6-adm-prohibited", six, &m));
  CHECK_FALSE(MatchRuleLine("-A INPUT -j REJECT --reject-with icmp-host-prohibited", six, &m));
  RejectRuleSpec only_input;
  only_input.chains = {"INPUT"};
  CHECK_FALSE(
      MatchRuleLine("-A FORWARD -j REJECT --reject-with icmp-host-prohibited", only_input, &m));
}

TEST_CASE("CentOS 7 default file: both rules found and removed, the rest byte for byte") {
  std::string text = Testdata("centos7-iptables");
  auto found = FindRejectLines(text, {});
  REQUIRE(found.size() == 2);
  CHECK(found[0].line == 12);
  CHECK(found[0].chain == "INPUT");
  CHECK(found[1].line == 13);
  CHECK(found[1].chain == "FORWARD");
  std::string edited = RemoveLines(text, LinesOf(found));
  std::string expected = text;
  for (const char* rule : {"-A INPUT -j REJECT --reject-with icmp-host-prohibited\n",
                           "-A FORWARD -j REJECT --reject-with icmp-host-prohibited\n"}) {
    expected.erase(expected.find(rule), std::string(rule).size());
  }
  CHECK(edited == expected);
  CHECK(FindRejectLines(edited, {}).empty());
}

TEST_CASE("CentOS 7 ip6tables file") {
  RejectRuleSpec six;
  six.family = 6;
  std::string text = Testdata("centos7-ip6tables");
  CHECK(LinesOf(FindRejectLines(text, six)) == std::vector<size_t>{13, 14});
  CHECK(FindRejectLines(text, {}).empty());
}

TEST_CASE("CRLF and no trailing newline are kept") {
  std::string crlf = Testdata("centos7-iptables-crlf");
  auto found = FindRejectLines(crlf, {});
  REQUIRE(found.size() == 2);
  std::string edited = RemoveLines(crlf, LinesOf(found));
  std::string expected = crlf;
  for (const char* rule : {"-A INPUT -j REJECT --reject-with icmp-host-prohibited\r\n",
                           "-A FORWARD -j REJECT --reject-with icmp-host-prohibited\r\n"}) {
    expected.erase(expected.find(rule), std::string(rule).size());
  }
  CHECK(edited == expected);
  CHECK(edited.find("ACCEPT\r\nCOMMIT\r\n") != std::string::npos);

  std::string no_eol = Testdata("centos7-iptables-no-eol");
  REQUIRE(no_eol.back() == 'T');
  edited = RemoveLines(no_eol, LinesOf(FindRejectLines(no_eol, {})));
  CHECK(edited.back() == 'T');
  CHECK(edited + "\n" == RemoveLines(Testdata("centos7-iptables"), {12, 13}));
}

TEST_CASE("kube and docker chains: only filter's catch-all lines") {
  std::string text = Testdata("kube-docker.iptables");
  auto found = FindRejectLines(text, {});
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "[17:1020] -A INPUT -j REJECT --reject-with icmp-host-prohibited");
  CHECK(found[1].text == "[3:180] -A FORWARD -j REJECT --reject-with icmp-host-prohibited");
  RejectRuleSpec any;
  any.any_match = true;
  auto wide = FindRejectLines(text, any);
  REQUIRE(wide.size() == 3);
  CHECK(wide[0].text == "[0:0] -A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited");
  CHECK_FALSE(wide[0].catch_all);
}

TEST_CASE("several tables: mangle's REJECT and OUTPUT stay") {
  std::string text = Testdata("several-tables.iptables");
  auto found = FindRejectLines(text, {});
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "-A INPUT  -j   REJECT   --reject-with   icmp-host-prohibited");
  CHECK(found[1].chain == "FORWARD");
  std::string edited = RemoveLines(text, LinesOf(found));
  CHECK(edited.find("*mangle") <
        edited.find("-A FORWARD -j REJECT --reject-with icmp-host-prohibited"));
  CHECK(edited.find("-A OUTPUT -j REJECT --reject-with icmp-host-prohibited") != std::string::npos);
  CHECK(FindRejectLines(edited, {}).empty());
}

TEST_CASE("RemoveLines with nothing to remove is the identity") {
  std::string text = "a\r\nb\n\nc";
  CHECK(RemoveLines(text, {}) == text);
  CHECK(RemoveLines(text, {2}) == "a\r\n\nc");
  CHECK(RemoveLines(text, {4}) == "a\r\nb\n\n");
}
