// SPDX-License-Identifier: Apache-2.0
// Test helper: a fresh, anonymous network namespace for the calling thread. Nothing is
// left behind: the namespace disappears with its last reference (the fd held here).
#pragma once

#include <fcntl.h>
#include <sched.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/netns.h"
#include "core/unique_fd.h"

namespace knetctl::netlink::testing {

/// Creates a new network namespace and keeps the calling thread inside it until
/// destroyed. Runs `ip link set lo up` there. Throws on failure (tests only).
class ScratchNetns {
 public:
  ScratchNetns() {
    original_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!original_.valid() || ::unshare(CLONE_NEWNET) != 0)
      throw std::runtime_error(std::string("failed to create a scratch netns: ") + std::strerror(errno));
    self_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    Sh("ip link set lo up");
  }
  ~ScratchNetns() {
    if (::setns(original_.get(), CLONE_NEWNET) != 0) std::abort();
  }
  ScratchNetns(const ScratchNetns&) = delete;
  ScratchNetns& operator=(const ScratchNetns&) = delete;

  /// The namespace's fd (for rtnl_link_set_ns_fd and NetnsGuard::EnterFd).
  int fd() const { return self_.get(); }
  /// A path to the namespace usable by other processes while this object lives.
  std::string path() const { return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(self_.get()); }

  /// Runs a shell command in the calling thread's current namespace (the child inherits it).
  static int Sh(const std::string& cmd) {
    std::string full = cmd + " >/dev/null 2>&1";
    return std::system(full.c_str());
  }

 private:
  UniqueFd original_;
  UniqueFd self_;
};

}  // namespace knetctl::netlink::testing
