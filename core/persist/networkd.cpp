// SPDX-License-Identifier: Apache-2.0
#include "core/persist/networkd.h"

#include <dirent.h>
#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "core/files.h"
#include "core/persist/ini.h"

namespace knetctl::persist {

std::string NetworkdDir(const std::string& root) { return RootPath(root, "/etc/systemd/network"); }
std::string NetdevPath(const std::string& root, const std::string& shim) {
  return NetworkdDir(root) + "/50-knetctl-" + shim + ".netdev";
}
std::string ShimNetworkPath(const std::string& root, const std::string& shim) {
  return NetworkdDir(root) + "/50-knetctl-" + shim + ".network";
}

Result<std::string> FindNetworkFor(const std::string& root, const std::string& ifname) {
  std::string dir = NetworkdDir(root);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return std::string();
    return ErrnoError("failed to list " + dir, errno);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 8 && n.compare(n.size() - 8, 8, ".network") == 0 &&
        n.rfind("50-knetctl-", 0) != 0)
      names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    auto text = ReadFile(dir + "/" + n);
    if (!text) continue;
    auto ini = IniFile::Parse(*text);
    for (const auto& v : ini.GetAll("Match", "Name")) {
      std::string word;
      for (char c : v + " ") {
        if (c == ' ' || c == '\t') {
          if (!word.empty() && ::fnmatch(word.c_str(), ifname.c_str(), 0) == 0)
            return dir + "/" + n;
          word.clear();
        } else {
          word += c;
        }
      }
    }
  }
  return std::string();
}

}  // namespace knetctl::persist
