// SPDX-License-Identifier: Apache-2.0
#include "plugins/skel/delegate.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/unique_fd.h"

extern char** environ;

namespace knetctl::cni {

Result<std::string> FindPlugin(const std::string& type, const std::string& cni_path) {
  if (type.empty() || type.find('/') != std::string::npos || type == "." || type == "..")
    return MakeError(ErrorCode::kInvalidConfig, "invalid plugin type \"" + type + "\": must be a plain file name");
  size_t start = 0;
  while (start <= cni_path.size()) {
    size_t c = cni_path.find(':', start);
    std::string dir = cni_path.substr(start, c == std::string::npos ? std::string::npos : c - start);
    start = c == std::string::npos ? cni_path.size() + 1 : c + 1;
    if (dir.empty()) continue;
    std::string p = dir + "/" + type;
    struct stat st;
    if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0) return p;
  }
  return MakeError(ErrorCode::kPluginNotAvailable, "failed to find plugin \"" + type + "\" in path [" + cni_path + "]");
}

Result<std::string> ExecPlugin(const std::string& type, const std::string& cni_path, const std::string& command,
                               const std::string& config) {
  auto path = FindPlugin(type, cni_path);
  if (!path) return path.error();
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "CNI_COMMAND=", 12) != 0) env_store.emplace_back(*e);
  env_store.push_back("CNI_COMMAND=" + command);
  std::vector<char*> envp;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);

  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return ErrnoError("failed to create a pipe", errno);
  UniqueFd in_r(in[0]), in_w(in[1]);
  if (::pipe2(out, O_CLOEXEC) != 0) return ErrnoError("failed to create a pipe", errno);
  UniqueFd out_r(out[0]), out_w(out[1]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_r.get(), 0);
  posix_spawn_file_actions_adddup2(&fa, out_w.get(), 1);
  std::string argv0 = *path;
  char* argv[] = {argv0.data(), nullptr};
  pid_t pid;
  int rc = ::posix_spawn(&pid, path->c_str(), &fa, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return ErrnoError("failed to execute " + *path, rc, ErrorCode::kPluginNotAvailable);
  in_r.Reset();
  out_w.Reset();
  // Write stdin and read stdout together so a large output cannot deadlock us.
  std::string output;
  size_t written = 0;
  pollfd fds[2] = {{out_r.get(), POLLIN, 0}, {in_w.get(), POLLOUT, 0}};
  while (fds[0].fd >= 0) {
    if (written == config.size() && in_w.valid()) {
      in_w.Reset();
      fds[1].fd = -1;
    }
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].fd >= 0 && (fds[1].revents & (POLLOUT | POLLERR))) {
      ssize_t n = ::write(in_w.get(), config.data() + written, config.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      else { in_w.Reset(); fds[1].fd = -1; }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[4096];
      ssize_t n = ::read(out_r.get(), buf, sizeof buf);
      if (n > 0) output.append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) fds[0].fd = -1;
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return output;
  // The delegate's error object is on its stdout.
  try {
    auto j = nlohmann::json::parse(output);
    if (j.is_object() && j.contains("msg")) {
      int code = j.value("code", 999);
      Error e = MakeError(static_cast<ErrorCode>(code == 999 ? 0 : code), type + ": " + j.value("msg", std::string()));
      if (j.contains("details") && j["details"].is_string()) e.details = j["details"];
      return e;
    }
  } catch (const nlohmann::json::exception&) {
  }
  return MakeError(ErrorCode::kGeneric, "plugin " + *path + " (" + command + ") failed with status " +
                                            std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ": " + output);
}

}  // namespace knetctl::cni
