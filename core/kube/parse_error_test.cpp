// SPDX-License-Identifier: Apache-2.0
#include "core/kube/parse_error.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace knetctl::kube {
namespace {

TEST_CASE("OffsetToLineColumn") {
  const std::string t = "ab\ncd\n\nx";
  CHECK(OffsetToLineColumn(t, 1) == std::pair<int, int>{1, 1});
  CHECK(OffsetToLineColumn(t, 2) == std::pair<int, int>{1, 2});
  CHECK(OffsetToLineColumn(t, 4) == std::pair<int, int>{2, 1});
  CHECK(OffsetToLineColumn(t, 8) == std::pair<int, int>{4, 1});
  CHECK(OffsetToLineColumn(t, 0) == std::pair<int, int>{1, 1});
  CHECK(OffsetToLineColumn(t, 999) == std::pair<int, int>{4, 2});
}

TEST_CASE("JsonParseError converts nlohmann's byte offset") {
  const std::string text = "{\n  \"a\": 1,\n  \"b\": ]\n}";
  try {
    auto parsed = nlohmann::json::parse(text);
    CHECK(parsed.is_null());
    FAIL("parse should have thrown");
  } catch (const nlohmann::json::parse_error& e) {
    Error err = JsonParseError(e.what(), e.byte, text, "/x.json");
    CHECK(err.msg.find("failed to parse /x.json:3:8: ") == 0);
    CHECK(err.msg.find("syntax error") != std::string::npos);
  }
}

TEST_CASE("YamlError uses the Mark") {
  try {
    (void)YAML::Load("a: [1,\nb: 2\n");
    FAIL("load should have thrown");
  } catch (const YAML::Exception& e) {
    Error err = YamlError(e, "/y.yaml");
    CHECK(err.msg.find("failed to parse /y.yaml:") == 0);
    CHECK(err.code == ErrorCode::kDecodeFailure);
  }
}

}  // namespace
}  // namespace knetctl::kube
