// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"
#include "core/unique_fd.h"

namespace knetctl {

/// Enters a network namespace for the current thread and returns to the original one
/// when destroyed. Open netlink/iptc handles *after* entering: a socket stays in the
/// namespace it was created in.
class NetnsGuard {
 public:
  /// Enters the namespace at `path` (e.g. /run/netns/x or /proc/PID/ns/net).
  /// An empty path is a no-op guard.
  static Result<NetnsGuard> Enter(const std::string& path);
  /// Enters the namespace referred to by `fd` (not taken over).
  static Result<NetnsGuard> EnterFd(int fd, const std::string& name_for_errors);

  NetnsGuard(NetnsGuard&& o) noexcept = default;
  NetnsGuard& operator=(NetnsGuard&&) = delete;
  NetnsGuard(const NetnsGuard&) = delete;
  ~NetnsGuard();

 private:
  NetnsGuard() = default;
  UniqueFd original_;
};

/// Opens a namespace file and checks it really is a network namespace (nsfs).
Result<UniqueFd> OpenNetns(const std::string& path);

/// True when `path` refers to the namespace this thread is in now.
Result<bool> IsCurrentNetns(const std::string& path);

}  // namespace knetctl
