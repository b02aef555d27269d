// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::shim {

/// One file to write (content) or remove (no content).
struct FileOp {
  std::string path;
  std::optional<std::string> content;  ///< nullopt: remove (a backup is kept)
  mode_t mode = 0644;                  ///< for a new file
  std::string backup;                  ///< backup name; default "<path>.bak"
  std::string why;                     ///< for the action log
};

/// Applies file operations in order, each atomically with a backup of the previous
/// version. On failure every file already changed gets its previous content back (or
/// is removed again if it was new). Returns one action line per file changed.
Result<std::vector<std::string>> ApplyFileOps(const std::vector<FileOp>& ops);

/// Which of `ops` would change something (for --dry-run and status), as action lines.
Result<std::vector<std::string>> PendingFileOps(const std::vector<FileOp>& ops);

}  // namespace knetctl::shim
