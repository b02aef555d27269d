// SPDX-License-Identifier: Apache-2.0
#include "core/files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <random>
#include <thread>

namespace knetctl {
namespace {

std::string DirName(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status FsyncDir(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("failed to open directory " + dir, errno);
  if (::fsync(fd.get()) != 0) return ErrnoError("failed to fsync directory " + dir, errno);
  return {};
}

// Writes `content` to a fresh temp file next to `path` and renames it over `path`.
Status ReplaceWith(const std::string& path, const std::string& content, mode_t mode,
                   const struct stat* owner) {
  const std::string dir = DirName(path);
  std::string tmp;
  UniqueFd fd;
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (int attempt = 0; attempt < 16 && !fd.valid(); ++attempt) {
    // A name the network service and iptables-restore ignore, hidden, in the same
    // directory so rename(2) is atomic.
    auto base = path.substr(path.find_last_of('/') + 1);
    tmp = dir + "/." + base + ".tmp" + std::to_string(rng() % 1000000);
    fd.Reset(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode));
    if (!fd.valid() && errno != EEXIST) return ErrnoError("failed to create " + tmp, errno);
  }
  if (!fd.valid()) return ErrnoError("failed to create a temporary file in " + dir, EEXIST);
  auto cleanup = [&] { ::unlink(tmp.c_str()); };
  if (auto st = WriteAll(fd.get(), content, tmp); !st) {
    cleanup();
    return st;
  }
  if (::fchmod(fd.get(), mode) != 0) {
    int e = errno;
    cleanup();
    return ErrnoError("failed to chmod " + tmp, e);
  }
  if (owner != nullptr && ::fchown(fd.get(), owner->st_uid, owner->st_gid) != 0) {
    int e = errno;
    cleanup();
    return ErrnoError("failed to chown " + tmp, e);
  }
  if (::fsync(fd.get()) != 0) {
    int e = errno;
    cleanup();
    return ErrnoError("failed to fsync " + tmp, e);
  }
  fd.Reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    cleanup();
    return ErrnoError("failed to rename " + tmp + " to " + path, e);
  }
  return FsyncDir(dir);
}

}  // namespace

std::string RootPath(const std::string& root, const std::string& path) {
  if (root.empty() || root == "/") return path;
  std::string r = root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  if (path.empty()) return r;
  if (path.front() == '/') return r + path;
  return r + "/" + path;
}

Result<std::string> ReadFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return ErrnoError("failed to read " + path, errno,
                      errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoFailure);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("failed to read " + path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool PathExists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

Status MakeDirs(const std::string& path, mode_t mode) {
  if (path.empty()) return {};
  std::string cur;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    cur = path.substr(0, pos);
    if (cur.empty()) continue;
    if (::mkdir(cur.c_str(), mode) != 0 && errno != EEXIST)
      return ErrnoError("failed to create directory " + cur, errno);
  }
  return {};
}

Result<WriteOutcome> AtomicWrite(const std::string& path, const std::string& content,
                                 const WriteOptions& opts) {
  WriteOutcome out;
  if (opts.create_dirs) KNETCTL_TRY(MakeDirs(DirName(path)));
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) return ErrnoError("failed to stat " + path, errno);
  if (exists) {
    auto old = ReadFile(path);
    if (!old) return old.error();
    if (*old == content) return out;
    if (opts.keep_backup) {
      std::string backup = opts.backup_path.empty() ? path + ".bak" : opts.backup_path;
      KNETCTL_TRY(ReplaceWith(backup, *old, st.st_mode & 07777, &st));
      out.backup = backup;
    }
  }
  KNETCTL_TRY(ReplaceWith(path, content, exists ? (st.st_mode & 07777) : opts.mode,
                          exists ? &st : nullptr));
  out.changed = true;
  return out;
}

Result<WriteOutcome> RemoveWithBackup(const std::string& path, const std::string& backup_path) {
  WriteOutcome out;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return out;
    return ErrnoError("failed to stat " + path, errno);
  }
  auto old = ReadFile(path);
  if (!old) return old.error();
  std::string backup = backup_path.empty() ? path + ".bak" : backup_path;
  KNETCTL_TRY(ReplaceWith(backup, *old, st.st_mode & 07777, &st));
  if (::unlink(path.c_str()) != 0) return ErrnoError("failed to remove " + path, errno);
  KNETCTL_TRY(FsyncDir(DirName(path)));
  out.changed = true;
  out.backup = backup;
  return out;
}

Result<FileLock> FileLock::Acquire(const std::string& path, int timeout_ms) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return ErrnoError("failed to open lock file " + path, errno);
  if (timeout_ms < 0) {
    while (::flock(fd.get(), LOCK_EX) != 0) {
      if (errno != EINTR) return ErrnoError("failed to lock " + path, errno);
    }
    return FileLock(std::move(fd));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return FileLock(std::move(fd));
    if (errno != EWOULDBLOCK && errno != EINTR) return ErrnoError("failed to lock " + path, errno);
    if (std::chrono::steady_clock::now() >= deadline)
      return MakeError(ErrorCode::kTryAgainLater,
                       "timed out after " + std::to_string(timeout_ms) + " ms waiting for lock " + path);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("failed to write " + path, errno);
    }
    off += static_cast<size_t>(n);
  }
  return {};
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace knetctl
