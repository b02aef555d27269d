// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::sysconfig {

/// A shell-variable file as read by CentOS/RHEL network-scripts (ifcfg-*, route-*,
/// /etc/sysconfig/network). Comments, blank lines, unknown lines and the order of keys
/// are kept; only the assignments touched by Set/Remove change when rendered again.
class IfcfgFile {
 public:
  /// Parses `text`; `name` (usually the path) is used in error messages. Lines that are
  /// not `KEY=value` assignments are kept verbatim. Unterminated quotes are an error
  /// naming the line.
  static Result<IfcfgFile> Parse(const std::string& text, const std::string& name = "ifcfg");

  /// The value of the last assignment of `key` (as the shell would see it), if any.
  std::optional<std::string> Get(const std::string& key) const;
  /// True when `key` is assigned.
  bool Has(const std::string& key) const { return Get(key).has_value(); }
  /// Replaces the value of `key` in place (its last assignment; earlier duplicates are
  /// dropped) or appends `KEY=value` at the end. Returns true when the text changed.
  bool Set(const std::string& key, const std::string& value);
  /// Removes every assignment of `key`. Returns true when something was removed.
  bool Remove(const std::string& key);
  /// The assigned keys in file order (each once).
  std::vector<std::string> Keys() const;
  /// The file text: untouched lines byte for byte, changed ones re-quoted.
  std::string Render() const;

 private:
  struct Line {
    std::string raw;     ///< the original text (used while unchanged)
    std::string key;     ///< empty for comments/blank/unknown lines
    std::string value;   ///< unquoted value
    bool dirty = false;  ///< rendered from key/value instead of raw
  };
  std::vector<Line> lines_;
  bool final_newline_ = true;
};

/// Quotes a value for an ifcfg file the way initscripts writes them: bare when it is
/// made only of safe characters, otherwise in double quotes with `"\$` and backtick
/// escaped.
std::string QuoteIfcfgValue(const std::string& value);

/// True when `key` is a valid shell variable name.
bool IsValidIfcfgKey(const std::string& key);

}  // namespace knetctl::sysconfig
