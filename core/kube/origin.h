// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace knetctl::kube {

/// Where a value came from: a file as seen on the node (without --root), line, column.
/// line/column are 1-based; 0 means "not applicable" (e.g. a process's cmdline).
struct Origin {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line" (or "file" when there is no line).
  std::string ToString() const { return line > 0 ? file + ":" + std::to_string(line) : file; }
  /// "file:line:column" (falls back to ToString()).
  std::string ToStringWithColumn() const {
    return line > 0 && column > 0 ? ToString() + ":" + std::to_string(column) : ToString();
  }
};

/// One command-line argument and where it was written.
struct Arg {
  std::string text;
  Origin origin;
};

/// A program's command line as found in one place (a process, a unit, a manifest).
struct CommandLine {
  std::string what;                    ///< "process 1234", "unit kube-proxy.service", ...
  Origin origin;                       ///< where the command line as a whole is
  std::vector<Arg> args;               ///< argv, argv[0] included when known
  std::vector<std::string> env_files;  ///< environment files it read (node paths)
};

}  // namespace knetctl::kube
