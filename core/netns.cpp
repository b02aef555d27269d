// SPDX-License-Identifier: Apache-2.0
#include "core/netns.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace knetctl {

Result<UniqueFd> OpenNetns(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return ErrnoError("failed to open netns \"" + path + "\"", errno,
                      errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoFailure);
  }
  struct statfs fs;
  if (::fstatfs(fd.get(), &fs) != 0) return ErrnoError("failed to stat netns \"" + path + "\"", errno);
  // /proc/PID/ns/net lives on procfs's nsfs; bind mounts under /run/netns on nsfs.
  if (fs.f_type != NSFS_MAGIC && fs.f_type != PROC_SUPER_MAGIC) {
    return MakeError(ErrorCode::kInvalidEnv, "\"" + path + "\" is not a network namespace");
  }
  return fd;
}

Result<NetnsGuard> NetnsGuard::EnterFd(int fd, const std::string& name) {
  NetnsGuard g;
  g.original_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!g.original_.valid()) return ErrnoError("failed to open the current netns", errno);
  if (::setns(fd, CLONE_NEWNET) != 0) return ErrnoError("failed to enter netns \"" + name + "\"", errno);
  return g;
}

Result<NetnsGuard> NetnsGuard::Enter(const std::string& path) {
  if (path.empty()) return NetnsGuard();
  auto fd = OpenNetns(path);
  if (!fd) return fd.error();
  return EnterFd(fd->get(), path);
}

NetnsGuard::~NetnsGuard() {
  if (original_.valid() && ::setns(original_.get(), CLONE_NEWNET) != 0) {
    // Carrying on in the wrong namespace could touch the host's interfaces.
    std::perror("knetctl: failed to return to the original network namespace");
    std::abort();
  }
}

Result<bool> IsCurrentNetns(const std::string& path) {
  struct stat a, b;
  if (::stat(path.c_str(), &a) != 0) return ErrnoError("failed to stat netns \"" + path + "\"", errno);
  if (::stat("/proc/thread-self/ns/net", &b) != 0) return ErrnoError("failed to stat the current netns", errno);
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace knetctl
