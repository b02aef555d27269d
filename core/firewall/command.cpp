// SPDX-License-Identifier: Apache-2.0
#include "core/firewall/command.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "core/unique_fd.h"

extern char** environ;

namespace knetctl::firewall {

Result<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return MakeError(ErrorCode::kGeneric, "failed to run a command: empty argv");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return ErrnoError("failed to create a pipe for " + argv[0], errno);
  UniqueFd rd(fds[0]), wr(fds[1]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, wr.get(), STDOUT_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return ErrnoError("failed to run " + argv[0], rc);
  wr.Reset();
  CommandResult res;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(rd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    res.out.append(buf, static_cast<size_t>(n));
  }
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) return ErrnoError("failed to wait for " + argv[0], errno);
  }
  res.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return res;
}

}  // namespace knetctl::firewall
