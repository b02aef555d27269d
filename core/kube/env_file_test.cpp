// SPDX-License-Identifier: Apache-2.0
#include "core/kube/env_file.h"

#include <doctest/doctest.h>

namespace knetctl::kube {
namespace {

TEST_CASE("ParseEnvFile reads the RPM /etc/kubernetes files") {
  const std::string text =
      "###\n"
      "# kubernetes proxy config\n"
      "\n"
      "KUBE_PROXY_ARGS=\"--cluster-cidr=10.254.0.0/16 --proxy-mode=iptables\"\n"
      "# KUBE_OLD=\"--x\"\n"
      "export KUBE_B='single $quoted'\n"
      "KUBE_C=bare value   # trailing comment\n"
      "KUBE_D=\"multi \\\n"
      "line\"\n"
      "not an assignment\n"
      "KUBE_E=\n";
  auto r = ParseEnvFile(text, "/etc/kubernetes/proxy");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 5);
  CHECK((*r)[0].name == "KUBE_PROXY_ARGS");
  CHECK((*r)[0].value.value.text == "--cluster-cidr=10.254.0.0/16 --proxy-mode=iptables");
  CHECK((*r)[0].value.origin.line == 4);
  CHECK((*r)[0].value.value.At(0).column == 18);
  CHECK((*r)[1].name == "KUBE_B");
  CHECK((*r)[1].value.value.text == "single $quoted");
  CHECK((*r)[2].value.value.text == "bare value");
  CHECK((*r)[3].value.value.text == "multi line");
  CHECK((*r)[3].value.value.At(6).line == 9);
  CHECK((*r)[4].value.value.text.empty());
}

TEST_CASE("ParseEnvFile: unterminated quote is an error with line:column") {
  auto r =
      ParseEnvFile("A=1\nKUBE_PROXY_ARGS=\"--cluster-cidr=10.0.0.0/8\n", "/etc/kubernetes/proxy");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().msg.find("/etc/kubernetes/proxy:2:17") != std::string::npos);
  CHECK(r.error().msg.find("KUBE_PROXY_ARGS") != std::string::npos);
}

TEST_CASE("MergeEnv: later assignments win") {
  auto a = ParseEnvFile("X=1\nX=2\n", "/f");
  REQUIRE(a.ok());
  EnvMap env;
  MergeEnv(*a, env);
  CHECK(env["X"].value.text == "2");
  CHECK(env["X"].origin.line == 2);
}

}  // namespace
}  // namespace knetctl::kube
