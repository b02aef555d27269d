// SPDX-License-Identifier: Apache-2.0
#include "core/kube/shell_words.h"

#include <doctest/doctest.h>

namespace knetctl::kube {
namespace {

PosText Text(const std::string& s, int line = 1) {
  PosText t;
  t.file = "/f";
  int col = 1;
  for (char c : s) {
    t.Append(c, line, col);
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return t;
}

std::vector<std::string> Words(const Result<std::vector<Arg>>& r) {
  std::vector<std::string> out;
  for (const auto& a : *r) out.push_back(a.text);
  return out;
}

TEST_CASE("SplitWords splits, quotes and escapes like ExecStart=") {
  auto r = SplitWords(Text(R"(/usr/bin/kube-proxy --a=1 "--b=two words" '--c=$X' --d=\"q\")"));
  REQUIRE(r.ok());
  CHECK(Words(r) == std::vector<std::string>{"/usr/bin/kube-proxy", "--a=1", "--b=two words",
                                             "--c=$X", "--d=\"q\""});
  CHECK((*r)[1].origin.column == 21);
  CHECK((*r)[2].origin.column == 27);
}

TEST_CASE("SplitWords: empty quotes are an argument, unterminated quote is an error") {
  auto r = SplitWords(Text(R"(a "" b)"));
  REQUIRE(r.ok());
  CHECK(Words(r) == std::vector<std::string>{"a", "", "b"});
  auto bad = SplitWords(Text("a \"b c"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("/f:1:3") != std::string::npos);
}

TEST_CASE("SplitWords expands $VAR into words and ${VAR} in place, keeping origins") {
  EnvMap env;
  EnvValue v;
  v.value = Text("--cluster-cidr=10.32.0.0/24  --v=2", 7);
  v.value.file = "/etc/kubernetes/proxy";
  v.origin = Origin{"/etc/kubernetes/proxy", 7, 1};
  env["ARGS"] = v;
  EnvValue range;
  range.value = Text("10.32.0.0/24", 3);
  env["RANGE"] = range;
  auto r = SplitWords(Text("kube-proxy $ARGS --x=${RANGE} $MISSING --y=${MISSING}z"), &env);
  REQUIRE(r.ok());
  CHECK(Words(r) == std::vector<std::string>{"kube-proxy", "--cluster-cidr=10.32.0.0/24", "--v=2",
                                             "--x=10.32.0.0/24", "--y=z"});
  CHECK((*r)[1].origin.file == "/etc/kubernetes/proxy");
  CHECK((*r)[1].origin.line == 7);
  CHECK((*r)[2].origin.column == 30);
  CHECK((*r)[3].origin.file == "/f");  // the word started in the unit, not in the variable
}

TEST_CASE("SplitWords without env keeps $ literally; backslash-newline continues") {
  auto r = SplitWords(Text("a $B \\\n c"));
  REQUIRE(r.ok());
  CHECK(Words(r) == std::vector<std::string>{"a", "$B", "c"});
}

}  // namespace
}  // namespace knetctl::kube
