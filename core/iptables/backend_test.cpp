// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/backend.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using namespace knetctl::iptables;

TEST_CASE("backend decision: only existing tables are acted on") {
  BackendSignals s;
  auto c = DecideBackend(s, "auto");
  REQUIRE(c.ok());
  CHECK(c->primary == "none");
  CHECK_FALSE(c->use_legacy);
  CHECK_FALSE(c->use_nft);
  c = DecideBackend(s, "legacy");
  CHECK(c->primary == "legacy");
  CHECK_FALSE(c->use_legacy);  // never create the legacy table
  s.nft_filter = true;
  s.nft_rules = 6;
  c = DecideBackend(s, "auto");
  CHECK(c->primary == "nft");
  CHECK(c->use_nft);
  CHECK_FALSE(c->use_legacy);
}

TEST_CASE("backend decision: kube-proxy's canaries win, then rules, then the command") {
  BackendSignals s;
  s.legacy_filter = s.nft_filter = true;
  s.legacy_rules = 10;
  s.nft_rules = 3;
  s.alternative = "nft";
  s.kube_canary = "nft";
  auto c = DecideBackend(s, "auto");
  CHECK(c->primary == "nft");
  CHECK((c->use_legacy && c->use_nft));
  s.kube_canary = "";
  CHECK(DecideBackend(s, "auto")->primary == "nft");  // both have rules: the command decides
  s.nft_rules = 0;
  CHECK(DecideBackend(s, "auto")->primary == "legacy");
  s.legacy_rules = 0;
  s.alternative = "";
  CHECK(DecideBackend(s, "auto")->primary == "legacy");  // both empty: a tie, legacy
  s.nft_filter = false;
  s.kube_canary = "nft";
  CHECK(DecideBackend(s, "auto")->primary == "legacy");  // only legacy has a filter table
  CHECK_FALSE(DecideBackend(s, "auto")->use_nft);
  CHECK_FALSE(DecideBackend(s, "iptables").ok());
}

TEST_CASE("the system's iptables command under --root") {
  char tmpl[] = "/tmp/knetctl-backend-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  std::string root = tmpl;
  CHECK(DetectAlternative(root) == "");
  REQUIRE(::mkdir((root + "/usr").c_str(), 0755) == 0);
  REQUIRE(::mkdir((root + "/usr/sbin").c_str(), 0755) == 0);
  // CentOS 7: iptables -> xtables-multi (legacy only).
  REQUIRE(::symlink("xtables-multi", (root + "/usr/sbin/iptables").c_str()) == 0);
  CHECK(DetectAlternative(root) == "legacy");
  ::unlink((root + "/usr/sbin/iptables").c_str());
  // Debian: iptables -> /etc/alternatives/iptables -> /usr/sbin/iptables-nft.
  REQUIRE(::symlink("/etc/alternatives/iptables", (root + "/usr/sbin/iptables").c_str()) == 0);
  REQUIRE(::mkdir((root + "/etc").c_str(), 0755) == 0);
  REQUIRE(::mkdir((root + "/etc/alternatives").c_str(), 0755) == 0);
  REQUIRE(::symlink("/usr/sbin/iptables-nft", (root + "/etc/alternatives/iptables").c_str()) == 0);
  CHECK(DetectAlternative(root) == "nft");
  ::unlink((root + "/etc/alternatives/iptables").c_str());
  REQUIRE(::symlink("/usr/sbin/iptables-legacy", (root + "/etc/alternatives/iptables").c_str()) ==
          0);
  CHECK(DetectAlternative(root) == "legacy");
  std::system(("rm -rf " + root).c_str());
}
