// SPDX-License-Identifier: Apache-2.0
#include "core/kube/systemd_unit.h"

#include <dirent.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "core/files.h"
#include "core/kube/env_file.h"
#include "core/kube/shell_words.h"

namespace knetctl::kube {
namespace {

// One `Key=value` of a unit file, continuation lines joined (systemd replaces the
// backslash-newline with a space).
struct UnitSetting {
  std::string section;
  std::string key;
  PosText value;
  Origin origin;
};

std::vector<UnitSetting> ParseUnitFile(const std::string& text, const std::string& file) {
  std::vector<UnitSetting> out;
  auto lines = SplitLines(text);
  std::string section;
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string line = lines[n];
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    if (line[b] == '#' || line[b] == ';') continue;
    if (line[b] == '[') {
      auto e = line.find(']', b);
      section = line.substr(b + 1, e == std::string::npos ? std::string::npos : e - b - 1);
      continue;
    }
    auto eq = line.find('=', b);
    if (eq == std::string::npos) continue;
    UnitSetting s;
    s.section = section;
    s.key = line.substr(b, eq - b);
    while (!s.key.empty() && (s.key.back() == ' ' || s.key.back() == '\t')) s.key.pop_back();
    s.origin = Origin{file, static_cast<int>(n + 1), static_cast<int>(b + 1)};
    s.value.file = file;
    size_t v = eq + 1;
    while (v < line.size() && (line[v] == ' ' || line[v] == '\t')) ++v;
    size_t cur_line = n;
    for (;;) {
      std::string_view rest(lines[cur_line]);
      size_t end = rest.size();
      while (end > v && (rest[end - 1] == ' ' || rest[end - 1] == '\t' || rest[end - 1] == '\r'))
        --end;
      bool cont = end > v && rest[end - 1] == '\\';
      if (cont) --end;
      for (size_t i = v; i < end; ++i)
        s.value.Append(rest[i], static_cast<int>(cur_line + 1), static_cast<int>(i + 1));
      if (!cont || cur_line + 1 >= lines.size()) break;
      s.value.Append(' ', static_cast<int>(cur_line + 1), static_cast<int>(end + 1));
      // Comment lines inside a continuation are skipped, as systemd does.
      ++cur_line;
      while (cur_line + 1 < lines.size()) {
        size_t cb = lines[cur_line].find_first_not_of(" \t");
        if (cb == std::string::npos || (lines[cur_line][cb] != '#' && lines[cur_line][cb] != ';'))
          break;
        ++cur_line;
      }
      v = 0;
    }
    n = cur_line;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ListConf(const std::string& dir) {
  std::vector<std::string> names;
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return names;
  while (auto* e = ::readdir(d.get())) {
    std::string n = e->d_name;
    if (n.size() > 5 && n.ends_with(".conf")) names.push_back(n);
  }
  return names;
}

}  // namespace

Result<std::optional<CommandLine>> LoadUnitCommandLine(const std::string& root,
                                                       const std::string& unit) {
  std::vector<std::string> files;  // node paths, in the order systemd applies them
  for (const char* dir : kUnitDirs) {
    std::string p = std::string(dir) + "/" + unit;
    if (PathExists(RootPath(root, p))) {
      files.push_back(p);
      break;
    }
  }
  if (files.empty()) return std::optional<CommandLine>{};
  // Drop-ins: a file name in a higher-priority directory masks the same name below;
  // the survivors apply in lexical order of their names.
  std::map<std::string, std::string> dropins;
  for (const char* dir : kUnitDirs) {
    std::string d = std::string(dir) + "/" + unit + ".d";
    for (const auto& name : ListConf(RootPath(root, d)))
      if (!dropins.count(name)) dropins[name] = d + "/" + name;
  }
  for (const auto& [name, path] : dropins) files.push_back(path);

  std::optional<UnitSetting> exec_start;
  std::vector<UnitSetting> environment;
  std::vector<UnitSetting> env_files;
  for (const auto& f : files) {
    auto text = ReadFile(RootPath(root, f));
    if (!text) return Error(text.error()).Wrap("failed to read unit " + unit);
    for (auto& s : ParseUnitFile(*text, f)) {
      if (s.section != "Service") continue;
      if (s.key == "ExecStart") {
        // An empty assignment resets the list (how drop-ins replace ExecStart).
        if (s.value.text.empty())
          exec_start.reset();
        else
          exec_start = s;
      } else if (s.key == "Environment") {
        if (s.value.text.empty())
          environment.clear();
        else
          environment.push_back(s);
      } else if (s.key == "EnvironmentFile") {
        if (s.value.text.empty())
          env_files.clear();
        else
          env_files.push_back(s);
      }
    }
  }
  CommandLine cl;
  cl.what = "unit " + unit;
  if (!exec_start) {
    cl.origin = Origin{files.front(), 0, 0};
    return std::optional<CommandLine>(std::move(cl));
  }
  cl.origin = exec_start->origin;

  EnvMap env;
  for (const auto& s : environment) {
    auto words = SplitWords(s.value);
    if (!words)
      return Error(words.error()).Wrap("failed to parse Environment= at " + s.origin.ToString());
    for (const auto& w : *words) {
      auto eq = w.text.find('=');
      if (eq == std::string::npos || eq == 0) continue;
      EnvValue ev;
      ev.origin = w.origin;
      ev.value.file = w.origin.file;
      for (size_t i = eq + 1; i < w.text.size(); ++i)
        ev.value.Append(w.text[i], w.origin.line, w.origin.column + static_cast<int>(i));
      env[w.text.substr(0, eq)] = std::move(ev);
    }
  }
  // Settings from EnvironmentFile= override Environment= (systemd.exec(5)).
  for (const auto& s : env_files) {
    auto words = SplitWords(s.value);
    if (!words)
      return Error(words.error())
          .Wrap("failed to parse EnvironmentFile= at " + s.origin.ToString());
    for (const auto& w : *words) {
      std::string path = w.text;
      bool optional = !path.empty() && path[0] == '-';
      if (optional) path.erase(0, 1);
      if (path.empty()) continue;
      auto text = ReadFile(RootPath(root, path));
      if (!text) {
        if (optional && text.error().code == ErrorCode::kNotFound) continue;
        return MakeError(text.error().code, "failed to read EnvironmentFile " + path + " (" +
                                                s.origin.ToString() + "): " + text.error().msg);
      }
      auto assignments = ParseEnvFile(*text, path);
      if (!assignments) return assignments.error();
      MergeEnv(*assignments, env);
      cl.env_files.push_back(path);
    }
  }
  auto args = SplitWords(exec_start->value, &env);
  if (!args)
    return Error(args.error())
        .Wrap("failed to parse ExecStart= at " + exec_start->origin.ToString());
  cl.args = std::move(*args);
  // Executable prefixes (systemd.service(5)): "-", "@", ":", "+", "!", "!!".
  if (!cl.args.empty()) {
    auto& a0 = cl.args.front().text;
    size_t k = a0.find_first_not_of("-@:+!");
    a0.erase(0, k == std::string::npos ? a0.size() : k);
  }
  return std::optional<CommandLine>(std::move(cl));
}

}  // namespace knetctl::kube
