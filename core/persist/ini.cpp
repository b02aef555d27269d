// SPDX-License-Identifier: Apache-2.0
#include "core/persist/ini.h"

#include "core/files.h"

namespace knetctl::persist {
namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

}  // namespace

IniFile IniFile::Parse(const std::string& text) {
  IniFile f;
  std::string section;
  for (const auto& raw : SplitLines(text)) {
    Line l;
    l.raw = raw;
    std::string t = Trim(raw);
    if (t.size() >= 2 && t.front() == '[' && t.back() == ']') {
      section = t.substr(1, t.size() - 2);
      l.header = true;
    } else if (!t.empty() && t[0] != '#' && t[0] != ';') {
      auto eq = t.find('=');
      if (eq != std::string::npos) {
        l.key = Trim(t.substr(0, eq));
        l.value = Trim(t.substr(eq + 1));
      }
    }
    l.section = section;
    f.lines_.push_back(std::move(l));
  }
  return f;
}

std::vector<std::string> IniFile::GetAll(const std::string& section, const std::string& key) const {
  std::vector<std::string> out;
  for (const auto& l : lines_)
    if (!l.header && l.section == section && l.key == key) out.push_back(l.value);
  return out;
}

std::optional<std::string> IniFile::Get(const std::string& section, const std::string& key) const {
  auto all = GetAll(section, key);
  if (all.empty()) return std::nullopt;
  return all.back();
}

bool IniFile::HasSection(const std::string& section) const {
  for (const auto& l : lines_)
    if (l.header && l.section == section) return true;
  return false;
}

size_t IniFile::EndOfLastSection(const std::string& section) const {
  size_t start = lines_.size();
  for (size_t i = 0; i < lines_.size(); ++i)
    if (lines_[i].header && lines_[i].section == section) start = i;
  if (start == lines_.size()) return start;
  size_t end = start + 1;
  while (end < lines_.size() && !lines_[end].header) ++end;
  // Keep trailing blank lines after the inserted key.
  while (end > start + 1 && Trim(lines_[end - 1].raw).empty()) --end;
  return end;
}

void IniFile::Add(const std::string& section, const std::string& key, const std::string& value) {
  Line l{key + "=" + value, section, key, value, false};
  if (!HasSection(section)) {
    if (!lines_.empty() && !Trim(lines_.back().raw).empty())
      lines_.push_back(Line{"", lines_.back().section, "", "", false});
    lines_.push_back(Line{"[" + section + "]", section, "", "", true});
    lines_.push_back(std::move(l));
    return;
  }
  lines_.insert(lines_.begin() + static_cast<long>(EndOfLastSection(section)), std::move(l));
}

void IniFile::Set(const std::string& section, const std::string& key, const std::string& value) {
  int last = -1;
  for (int i = 0; i < static_cast<int>(lines_.size()); ++i)
    if (!lines_[i].header && lines_[i].section == section && lines_[i].key == key) last = i;
  if (last < 0) {
    Add(section, key, value);
    return;
  }
  for (int i = last - 1; i >= 0; --i)
    if (!lines_[i].header && lines_[i].section == section && lines_[i].key == key) {
      lines_.erase(lines_.begin() + i);
      --last;
    }
  if (lines_[last].value != value)
    lines_[last] = Line{key + "=" + value, section, key, value, false};
}

int IniFile::Remove(const std::string& section, const std::string& key) {
  return RemoveIf(section, [&](const std::string& k) { return k == key; });
}

std::vector<std::string> IniFile::TakeSections(const std::string& section) {
  std::vector<std::string> out;
  std::vector<Line> kept;
  std::string cur;
  bool in = false;
  for (auto& l : lines_) {
    if (l.header) {
      if (in) out.push_back(cur);
      in = l.section == section;
      cur.clear();
    }
    if (in) {
      cur += l.raw + "\n";
    } else {
      kept.push_back(std::move(l));
    }
  }
  if (in) out.push_back(cur);
  lines_ = std::move(kept);
  return out;
}

std::string IniFile::Render() const {
  std::string out;
  for (const auto& l : lines_) out += l.raw + "\n";
  return out;
}

}  // namespace knetctl::persist
