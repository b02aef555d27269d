// SPDX-License-Identifier: Apache-2.0
#include "core/sysconfig/ifcfg.h"

#include <doctest/doctest.h>

#include "core/files.h"

using knetctl::sysconfig::IfcfgFile;
using knetctl::sysconfig::QuoteIfcfgValue;

namespace {
std::string Data(const std::string& rel) {
  auto r = knetctl::ReadFile(std::string(KNETCTL_SOURCE_DIR) + "/testdata/sysconfig/" + rel);
  REQUIRE(r.ok());
  return *r;
}
}  // namespace

TEST_CASE("ifcfg: anaconda file parses and renders byte for byte") {
  std::string text = Data("centos7-anaconda/etc/sysconfig/network-scripts/ifcfg-em2");
  auto f = IfcfgFile::Parse(text);
  REQUIRE(f.ok());
  CHECK(f->Get("DEVICE") == "em2");
  CHECK(f->Get("IPADDR") == "172.20.7.100");
  CHECK(f->Get("PREFIX") == "24");
  CHECK_FALSE(f->Get("NETMASK").has_value());
  CHECK(f->Render() == text);
  CHECK(f->Keys().front() == "TYPE");
}

TEST_CASE("ifcfg: quotes, trailing comments and comment lines") {
  std::string text = Data("centos7-handwritten/etc/sysconfig/network-scripts/ifcfg-lan");
  auto f = IfcfgFile::Parse(text, "ifcfg-lan");
  REQUIRE(f.ok());
  CHECK(f->Get("DEVICE") == "em2");
  CHECK(f->Get("ONBOOT") == "yes");
  CHECK(f->Get("IPADDR") == "172.20.7.100");
  CHECK(f->Get("ETHTOOL_OPTS") == "-K em2 gro off");
  CHECK(f->Get("NAME") == "System em2");
  CHECK(f->Render() == text);
}

TEST_CASE("ifcfg: remove and set keep everything else in place") {
  auto f = IfcfgFile::Parse("# head\nA=1\nIPADDR=\"10.0.0.1\"  # ip\n\nB='x y'\n");
  REQUIRE(f.ok());
  CHECK(f->Remove("IPADDR"));
  CHECK_FALSE(f->Remove("IPADDR"));
  CHECK(f->Set("A", "2"));
  CHECK_FALSE(f->Set("A", "2"));
  CHECK(f->Set("NEW", "has space"));
  CHECK(f->Render() == "# head\nA=2\n\nB='x y'\nNEW=\"has space\"\n");
}

TEST_CASE("ifcfg: duplicate keys: the last one wins, Set collapses them") {
  auto f = IfcfgFile::Parse("X=1\nY=0\nX=2\n");
  REQUIRE(f.ok());
  CHECK(f->Get("X") == "2");
  CHECK(f->Set("X", "3"));
  CHECK(f->Render() == "Y=0\nX=3\n");
}

TEST_CASE("ifcfg: escapes in double quotes and a file without final newline") {
  auto f = IfcfgFile::Parse("A=\"a\\\"b\\$c\"\nB=plain");
  REQUIRE(f.ok());
  CHECK(f->Get("A") == "a\"b$c");
  CHECK(f->Get("B") == "plain");
  CHECK(f->Render() == "A=\"a\\\"b\\$c\"\nB=plain");
  CHECK(f->Set("B", "x"));
  CHECK(f->Render() == "A=\"a\\\"b\\$c\"\nB=x\n");
}

TEST_CASE("ifcfg: unterminated quote names file, line and key") {
  auto f = IfcfgFile::Parse("A=1\nNAME=\"broken\n", "/etc/x/ifcfg-em2");
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().msg ==
        "failed to parse /etc/x/ifcfg-em2:2: unterminated quote in the value of NAME");
}

TEST_CASE("ifcfg: quoting") {
  CHECK(QuoteIfcfgValue("172.20.7.100") == "172.20.7.100");
  CHECK(QuoteIfcfgValue("02:aa:bb:cc:dd:ee") == "02:aa:bb:cc:dd:ee");
  CHECK(QuoteIfcfgValue("") == "\"\"");
  CHECK(QuoteIfcfgValue("a b") == "\"a b\"");
  CHECK(QuoteIfcfgValue("$x`y`") == "\"\\$x\\`y\\`\"");
  // Round trip through the parser.
  auto f = IfcfgFile::Parse("K=" + QuoteIfcfgValue("we\"ird $ \\ `v`") + "\n");
  REQUIRE(f.ok());
  CHECK(f->Get("K") == "we\"ird $ \\ `v`");
}

TEST_CASE("ifcfg: non-assignments are kept verbatim") {
  std::string text = "if [ -x foo ]; then\n  bar\nfi\nexport X=1\n";
  auto f = IfcfgFile::Parse(text);
  REQUIRE(f.ok());
  CHECK(f->Get("X") == "1");
  CHECK(f->Render() == text);
}
