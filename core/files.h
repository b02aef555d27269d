// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/unique_fd.h"

namespace knetctl {

/// Joins --root and an absolute path: RootPath("/tmp/r", "/etc/x") == "/tmp/r/etc/x".
/// An empty root or "/" returns `path` unchanged.
std::string RootPath(const std::string& root, const std::string& path);

/// Reads a whole file. Errors say "failed to read <path>: <strerror>".
Result<std::string> ReadFile(const std::string& path);

/// True when `path` exists (any type, symlinks not followed).
bool PathExists(const std::string& path);

/// Options for AtomicWrite.
struct WriteOptions {
  mode_t mode = 0644;            ///< used when the file does not exist yet
  bool keep_backup = true;       ///< copy the previous version to `backup_path` first
  std::string backup_path;       ///< default: "<path>.bak"
  bool create_dirs = false;      ///< create missing parent directories (mode 0755)
};

/// What AtomicWrite did.
struct WriteOutcome {
  bool changed = false;          ///< false when the file already had exactly `content`
  std::string backup;            ///< backup written, if any
};

/// Replaces `path` with `content` atomically: temp file in the same directory, fsync,
/// rename over the original, fsync of the directory. An existing file keeps its mode and
/// owner, and its previous content is kept as a backup. Writes nothing when the content
/// is already identical.
Result<WriteOutcome> AtomicWrite(const std::string& path, const std::string& content,
                                 const WriteOptions& opts = {});

/// Removes `path`, keeping its content as `<path>.bak` first. Missing file: no change.
Result<WriteOutcome> RemoveWithBackup(const std::string& path,
                                      const std::string& backup_path = {});

/// Creates a directory and its parents (like mkdir -p).
Status MakeDirs(const std::string& path, mode_t mode = 0755);

/// An exclusive flock(2) on a file, released by the destructor.
class FileLock {
 public:
  /// Opens (creating, mode 0600) and locks `path`. Blocks until the lock is free, or
  /// fails after `timeout_ms` (negative: wait forever).
  static Result<FileLock> Acquire(const std::string& path, int timeout_ms = -1);
  FileLock(FileLock&&) = default;
  FileLock& operator=(FileLock&&) = default;

 private:
  explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

/// Writes all of `data` to `fd`, retrying short writes and EINTR; errors name `path`.
Status WriteAll(int fd, const std::string& data, const std::string& path);

/// Splits text into lines (without the terminators); a final line without "\n" is kept.
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace knetctl
