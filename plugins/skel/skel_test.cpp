// SPDX-License-Identifier: Apache-2.0
#include "plugins/skel/skel.h"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace knetctl;
using namespace knetctl::cni;

namespace {
std::function<const char*(const char*)> Env(std::map<std::string, std::string> m) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(m));
  return [shared](const char* k) -> const char* {
    auto it = shared->find(k);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}
}  // namespace

TEST_CASE("skel: the field's config with a trailing comma is reported with line:column") {
  std::ifstream f(KNETCTL_SOURCE_DIR "/testdata/cni/field-trailing-comma.conf");
  std::stringstream ss;
  ss << f.rdbuf();
  auto j = ParseJson(ss.str(), "10-macvlan.conf");
  REQUIRE_FALSE(j.ok());
  CHECK(j.error().code == ErrorCode::kDecodeFailure);
  CHECK(j.error().msg ==
        "failed to parse 10-macvlan.conf: line 15, column 9: a trailing comma before ']' is not allowed in JSON: "
        "remove the ',' at line 14, column 34");
  CHECK(j.error().details.find("parse error") != std::string::npos);
}

TEST_CASE("skel: other syntax errors") {
  auto eof = ParseJson("{\n \"a\": 1\n", "x");
  REQUIRE_FALSE(eof.ok());
  CHECK(eof.error().msg.find("unexpected end of input") != std::string::npos);
  auto obj = ParseJson("{\"a\": 1,}", "x");
  CHECK(obj.error().msg.find("line 1, column 9: a trailing comma before '}'") != std::string::npos);
  CHECK(LineColumn("ab\ncd", 4) == std::make_pair(2, 2));
}

TEST_CASE("skel: environment per command") {
  auto add = LoadEnv(Env({{"CNI_COMMAND", "ADD"}, {"CNI_CONTAINERID", "c1"}, {"CNI_IFNAME", "eth0"}}));
  REQUIRE_FALSE(add.ok());
  CHECK(add.error().code == ErrorCode::kInvalidEnv);
  CHECK(add.error().msg == "required env variables [CNI_NETNS, CNI_PATH] missing for ADD");
  auto del = LoadEnv(Env({{"CNI_COMMAND", "DEL"}, {"CNI_CONTAINERID", "c1"}, {"CNI_IFNAME", "eth0"}, {"CNI_PATH", "/x"}}));
  CHECK(del.ok());
  CHECK(LoadEnv(Env({{"CNI_COMMAND", "VERSION"}})).ok());
  CHECK(LoadEnv(Env({{"CNI_COMMAND", "GC"}, {"CNI_PATH", "/x"}})).ok());
  CHECK_FALSE(LoadEnv(Env({{"CNI_COMMAND", "STATUS"}})).ok());
  CHECK(LoadEnv(Env({{"CNI_COMMAND", "FROB"}})).error().msg.find("allowed are ADD") != std::string::npos);
  auto override_ = LoadEnv(Env({{"CNI_COMMAND", "GC"}, {"CNI_PATH", "/x"}, {"CNI_NETNS_OVERRIDE", "1"}}));
  CHECK(override_->netns_override);
}

TEST_CASE("skel: container IDs, interface names, network names") {
  CHECK(ValidateContainerId("abc-1_2.3").ok());
  CHECK_FALSE(ValidateContainerId("").ok());
  CHECK_FALSE(ValidateContainerId("-abc").ok());
  CHECK_FALSE(ValidateContainerId("../etc").ok());
  CHECK_FALSE(ValidateContainerId("a/b").ok());
  CHECK(ValidateIfName("eth0").ok());
  CHECK(ValidateIfName("123456789012345").ok());
  CHECK_FALSE(ValidateIfName("1234567890123456").ok());
  CHECK_FALSE(ValidateIfName(".").ok());
  CHECK_FALSE(ValidateIfName("..").ok());
  CHECK_FALSE(ValidateIfName("a/b").ok());
  CHECK_FALSE(ValidateIfName("a:b").ok());
  CHECK_FALSE(ValidateIfName("a b").ok());
  CHECK(ValidateNetworkName("macvlan-net").ok());
  CHECK_FALSE(ValidateNetworkName("..").ok());
}

TEST_CASE("skel: CNI_ARGS") {
  auto a = ParseCniArgs("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=p;FOO=bar;IP=10.1.0.5,fd00::5;MAC=02:00:00:00:00:01");
  REQUIRE(a.ok());
  CHECK(a->ignore_unknown);
  REQUIRE(a->ips.size() == 2);
  CHECK(a->ips[1].ToString() == "fd00::5");
  CHECK(a->mac == "02:00:00:00:00:01");
  auto strict = ParseCniArgs("FOO=bar");
  CHECK(strict.error().code == ErrorCode::kUnsupportedField);
  CHECK_FALSE(ParseCniArgs("IP=notanip").ok());
  CHECK_FALSE(ParseCniArgs("novalue").ok());
  CHECK(ParseCniArgs("").ok());
}

TEST_CASE("skel: versions and error objects") {
  CHECK(IsSupportedVersion("0.3.1"));
  CHECK_FALSE(IsSupportedVersion("0.5.0"));
  CHECK(CompareVersions("0.10.0", "0.4.0") > 0);
  CHECK(CompareVersions("1.0.0", "1.0.0") == 0);
  auto e = ErrorJson(MakeError(ErrorCode::kGeneric, "boom", "why"), "0.4.0");
  CHECK(e.dump() == R"({"cniVersion":"0.4.0","code":999,"details":"why","msg":"boom"})");
  CHECK(ErrorJson(MakeError(ErrorCode::kTryAgainLater, "x"), "").at("code") == 11);
}
