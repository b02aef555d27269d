// SPDX-License-Identifier: Apache-2.0
#include "core/persist/nm_keyfile.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <vector>

#include "core/files.h"
#include "core/persist/ini.h"

namespace knetctl::persist {

std::string NmDir(const std::string& root) {
  return RootPath(root, "/etc/NetworkManager/system-connections");
}
std::string NmKeyfilePath(const std::string& root, const std::string& shim) {
  return NmDir(root) + "/" + shim + ".nmconnection";
}

Result<std::string> FindNmKeyfileFor(const std::string& root, const std::string& ifname) {
  std::string dir = NmDir(root);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return std::string();
    return ErrnoError("failed to list " + dir, errno);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.empty() || n[0] == '.' || n.back() == '~') continue;
    bool ignored = false;
    for (const char* s : {".bak", ".orig", ".rej", ".swp", ".rpmnew", ".rpmsave", ".tmp"})
      if (n.size() > std::string(s).size() &&
          n.compare(n.size() - std::string(s).size(), std::string::npos, s) == 0)
        ignored = true;
    if (!ignored) names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    auto text = ReadFile(dir + "/" + n);
    if (!text) continue;
    auto ini = IniFile::Parse(*text);
    if (ini.Get("connection", "interface-name") == ifname &&
        ini.Get("connection", "type") != "macvlan")
      return dir + "/" + n;
  }
  return std::string();
}

std::string StableUuid(const std::string& name) {
  // FNV-1a 64 twice (two seeds) -> 128 bits, shaped as a version-5-style UUID.
  auto fnv = [&](uint64_t h) {
    for (char c : "knetctl-nm:" + name) {
      h ^= static_cast<uint8_t>(c);
      h *= 1099511628211ULL;
    }
    return h;
  };
  uint64_t a = fnv(1469598103934665603ULL), b = fnv(0x84222325cbf29ce4ULL);
  a = (a & 0xffffffffffff0fffULL) | 0x5000ULL;              // version 5
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace knetctl::persist
