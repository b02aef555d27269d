// SPDX-License-Identifier: Apache-2.0
#include "core/sysconfig/network_scripts.h"

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/files.h"
#include "core/sysconfig/ifcfg.h"

namespace knetctl::sysconfig {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// sort -n on a field: optional blanks, then the leading digits (empty: 0). Returns the
// digit string without leading zeros so values of any length compare correctly.
std::string NumericKey(const std::string& field) {
  size_t i = field.find_first_not_of(" \t");
  std::string digits;
  while (i != std::string::npos && i < field.size() &&
         std::isdigit(static_cast<unsigned char>(field[i])))
    digits.push_back(field[i++]);
  size_t nz = digits.find_first_not_of('0');
  return nz == std::string::npos ? std::string() : digits.substr(nz);
}

}  // namespace

std::string NetworkScriptsDir(const std::string& root) {
  return RootPath(root, "/etc/sysconfig/network-scripts");
}

std::string IfcfgPath(const std::string& root, const std::string& name) {
  return NetworkScriptsDir(root) + "/ifcfg-" + name;
}

bool IsIgnoredByNetworkService(const std::string& name) {
  for (const char* suffix : {"~", ".bak", ".orig", ".rpmnew", ".rpmorig", ".rpmsave"})
    if (EndsWith(name, suffix)) return true;
  return false;
}

bool NetworkServiceOrderLess(const std::string& a, const std::string& b) {
  // The init script inserts a blank before the first digit, then sorts with
  // `-k 1,1 -k 2n` in the C locale; equal keys fall back to comparing whole lines.
  auto split = [](const std::string& s) {
    size_t d = s.find_first_of("0123456789");
    if (d == std::string::npos) return std::pair<std::string, std::string>{s, ""};
    return std::pair<std::string, std::string>{s.substr(0, d), s.substr(d)};
  };
  auto [a1, a2] = split(a);
  auto [b1, b2] = split(b);
  if (a1 != b1) return a1 < b1;
  std::string an = NumericKey(a2), bn = NumericKey(b2);
  if (an.size() != bn.size()) return an.size() < bn.size();
  if (an != bn) return an < bn;
  std::string al = a2.empty() ? a1 : a1 + " " + a2;
  std::string bl = b2.empty() ? b1 : b1 + " " + b2;
  return al < bl;
}

Result<std::optional<std::string>> FindIfcfgForDevice(const std::string& root,
                                                      const std::string& device) {
  std::string direct = IfcfgPath(root, device);
  if (PathExists(direct)) return std::optional<std::string>(direct);
  std::string dir = NetworkScriptsDir(root);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return std::optional<std::string>();
    return ErrnoError("failed to list " + dir, errno);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.rfind("ifcfg-", 0) == 0 && !IsIgnoredByNetworkService(n)) names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    auto text = ReadFile(dir + "/" + n);
    if (!text) continue;
    auto f = IfcfgFile::Parse(*text, dir + "/" + n);
    if (f && f->Get("DEVICE") == device) return std::optional<std::string>(dir + "/" + n);
  }
  return std::optional<std::string>();
}

}  // namespace knetctl::sysconfig
