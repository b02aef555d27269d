// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/unique_fd.h"

namespace knetctl::netlink {

std::string SysctlPath(const std::string& key) {
  std::string k = key;
  if (k.find('/') == std::string::npos) std::replace(k.begin(), k.end(), '.', '/');
  return "/proc/sys/" + k;
}

// /proc/sys/net/* resolves to the network namespace of the task that opens the file,
// so a thread that entered a namespace with setns() sees that namespace's values.
Result<std::string> ReadSysctl(const std::string& key) {
  std::string path = SysctlPath(key);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return ErrnoError("failed to read sysctl " + path, errno,
                      errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoFailure);
  }
  std::string out;
  char buf[256];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("failed to read sysctl " + path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

Status WriteSysctl(const std::string& key, const std::string& value) {
  std::string path = SysctlPath(key);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return ErrnoError("failed to write sysctl " + path, errno,
                      errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoFailure);
  }
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return ErrnoError("failed to write \"" + value + "\" to sysctl " + path, errno);
  return {};
}

}  // namespace knetctl::netlink
