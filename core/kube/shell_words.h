// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// Text whose every character remembers its line and column in a file, so words split
/// out of it (or expanded from variables) can still say where they were written.
struct PosText {
  std::string text;
  std::vector<std::pair<int, int>> pos;  ///< (line, column) of each char of `text`
  std::string file;

  void Append(char c, int line, int column) {
    text.push_back(c);
    pos.emplace_back(line, column);
  }
  /// The origin of the character at `i` (the end maps to the last character).
  Origin At(size_t i) const;
};

/// A variable's value as written in an environment file.
struct EnvValue {
  PosText value;
  Origin origin;  ///< where the assignment is
};

/// Variables in scope for expansion, by name.
using EnvMap = std::map<std::string, EnvValue>;

/// Splits `text` into words like systemd's ExecStart= (and a shell, for the simple
/// cases kube files use): whitespace separates, "..." and '...' quote, backslash
/// escapes. With `env`, a word that is exactly `$VAR` expands to the variable's words
/// (each keeping its own origin); `${VAR}` (or `$VAR` inside a word) expands in place.
/// Unknown variables expand to nothing, as in systemd. Errors name an unterminated quote.
Result<std::vector<Arg>> SplitWords(const PosText& text, const EnvMap* env = nullptr);

}  // namespace knetctl::kube
