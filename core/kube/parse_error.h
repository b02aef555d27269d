// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "core/kube/origin.h"
#include "core/result.h"

namespace YAML {
class Exception;
class Node;
}

namespace knetctl::kube {

/// 1-based (line, column) of byte `offset` in `text` (nlohmann's parse_error::byte is
/// the 1-based count of bytes read when the error was found).
std::pair<int, int> OffsetToLineColumn(const std::string& text, size_t offset);

/// "failed to parse <file>:<line>:<column>: <yaml-cpp's message>".
Error YamlError(const YAML::Exception& e, const std::string& file);

/// Where a YAML node sits: file, 1-based line and column (0, 0 when yaml-cpp has no mark).
Origin YamlOrigin(const YAML::Node& n, const std::string& file);

/// "failed to parse <file>:<line>:<column>: <msg>" for a bad field (code 7).
Error YamlFieldError(const YAML::Node& n, const std::string& file, const std::string& msg);

/// Parses JSON, turning nlohmann's parse_error into "failed to parse <file>:<l>:<c>: ...".
/// Declared here and defined in parse_error.cpp so only one file pulls in the parser.
Error JsonParseError(const std::string& what, size_t byte, const std::string& text,
                     const std::string& file);

}  // namespace knetctl::kube
