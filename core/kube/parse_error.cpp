// SPDX-License-Identifier: Apache-2.0
#include "core/kube/parse_error.h"

#include <yaml-cpp/yaml.h>

#include "plugins/skel/skel.h"

namespace knetctl::kube {

std::pair<int, int> OffsetToLineColumn(const std::string& text, size_t offset) {
  // `offset` counts bytes consumed (nlohmann's parse_error::byte), so the offending byte
  // is offset-1; the counting itself is the plugin's, shared.
  return cni::LineColumn(text, offset == 0 ? 0 : offset - 1);
}

Origin YamlOrigin(const YAML::Node& n, const std::string& file) {
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return Origin{file, 0, 0};
  return Origin{file, m.line + 1, m.column + 1};
}

Error YamlFieldError(const YAML::Node& n, const std::string& file, const std::string& msg) {
  return MakeError(ErrorCode::kInvalidConfig,
                   "failed to parse " + YamlOrigin(n, file).ToStringWithColumn() + ": " + msg);
}

Error YamlError(const YAML::Exception& e, const std::string& file) {
  std::string where = file;
  if (!e.mark.is_null())
    where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
  return MakeError(ErrorCode::kDecodeFailure, "failed to parse " + where + ": " + e.msg);
}

Error JsonParseError(const std::string& what, size_t byte, const std::string& text,
                     const std::string& file) {
  auto [line, col] = OffsetToLineColumn(text, byte);
  // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1,
  // column 5: ..."; keep only the cause after the position.
  std::string cause = what;
  auto p = cause.find(": ");
  if (p != std::string::npos) cause = cause.substr(p + 2);
  return MakeError(ErrorCode::kDecodeFailure, "failed to parse " + file + ":" +
                                                  std::to_string(line) + ":" + std::to_string(col) +
                                                  ": " + cause);
}

}  // namespace knetctl::kube
