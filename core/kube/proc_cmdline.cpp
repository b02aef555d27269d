// SPDX-License-Identifier: Apache-2.0
#include "core/kube/proc_cmdline.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "core/files.h"

namespace knetctl::kube {
namespace {

std::string BaseName(const std::string& p) {
  auto s = p.find_last_of('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

}  // namespace

std::vector<std::string> SplitCmdline(const std::string& raw) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < raw.size()) {
    size_t nul = raw.find('\0', start);
    if (nul == std::string::npos) nul = raw.size();
    out.push_back(raw.substr(start, nul - start));
    start = nul + 1;
  }
  return out;
}

bool RunsProgram(const std::vector<std::string>& argv, const std::string& program) {
  if (argv.empty()) return false;
  std::string b = BaseName(argv[0]);
  if (b == program) return true;
  if (b == "hyperkube" && argv.size() > 1) {
    std::string short_name = program.starts_with("kube-") ? program.substr(5) : program;
    return argv[1] == program || argv[1] == short_name;
  }
  return false;
}

std::vector<CommandLine> FindProcesses(const std::string& root, const std::string& program) {
  std::vector<std::pair<long, CommandLine>> found;
  std::string proc = RootPath(root, "/proc");
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(proc.c_str()), ::closedir);
  if (!d) return {};
  while (auto* e = ::readdir(d.get())) {
    std::string name = e->d_name;
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::string node_path = "/proc/" + name + "/cmdline";
    auto raw = ReadFile(RootPath(root, node_path));
    if (!raw) continue;  // the process exited, or is not ours to read
    auto argv = SplitCmdline(*raw);
    if (!RunsProgram(argv, program)) continue;
    if (BaseName(argv[0]) == "hyperkube") argv.erase(argv.begin());
    CommandLine cl;
    cl.what = "process " + name;
    cl.origin = Origin{node_path, 0, 0};
    for (auto& a : argv) cl.args.push_back(Arg{std::move(a), cl.origin});
    found.emplace_back(std::strtol(name.c_str(), nullptr, 10), std::move(cl));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CommandLine> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

}  // namespace knetctl::kube
