// SPDX-License-Identifier: Apache-2.0
#include "core/sysconfig/ifcfg.h"

#include <algorithm>
#include <cctype>

#include "core/files.h"

namespace knetctl::sysconfig {
namespace {

bool IsKeyStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsKeyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Splits "KEY=value" off a line (after optional blanks and "export "). Returns false for
// anything that is not an assignment (comments, blank lines, commands).
bool SplitAssignment(const std::string& line, std::string& key, size_t& value_pos) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return false;
  if (line.compare(i, 7, "export ") == 0) i = line.find_first_not_of(" \t", i + 7);
  if (i == std::string::npos || !IsKeyStart(line[i])) return false;
  size_t j = i;
  while (j < line.size() && IsKeyChar(line[j])) ++j;
  if (j >= line.size() || line[j] != '=') return false;
  key = line.substr(i, j - i);
  value_pos = j + 1;
  return true;
}

// Reads one shell word starting at `pos` the way sh would for an assignment value:
// bare characters, '...' literally, "..." with \" \\ \$ \` escapes. Stops at unquoted
// blank. Returns false on an unterminated quote.
bool ReadWord(const std::string& s, size_t pos, std::string& out) {
  out.clear();
  size_t i = pos;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t') break;
    if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string::npos) return false;
      out.append(s, i + 1, end - i - 1);
      i = end + 1;
    } else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size() &&
            (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`')) {
          out.push_back(s[i + 1]);
          i += 2;
        } else if (s[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          out.push_back(s[i++]);
        }
      }
      if (!closed) return false;
    } else if (c == '\\' && i + 1 < s.size()) {
      out.push_back(s[i + 1]);
      i += 2;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return true;
}

}  // namespace

bool IsValidIfcfgKey(const std::string& key) {
  if (key.empty() || !IsKeyStart(key[0])) return false;
  return std::all_of(key.begin(), key.end(), IsKeyChar);
}

std::string QuoteIfcfgValue(const std::string& value) {
  bool safe = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("._-:/@%+,=").find(c) != std::string_view::npos;
  });
  if (safe) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Result<IfcfgFile> IfcfgFile::Parse(const std::string& text, const std::string& name) {
  IfcfgFile f;
  f.final_newline_ = text.empty() || text.back() == '\n';
  int lineno = 0;
  for (const auto& raw : SplitLines(text)) {
    ++lineno;
    Line line;
    line.raw = raw;
    size_t value_pos = 0;
    std::string key;
    if (SplitAssignment(raw, key, value_pos)) {
      std::string value;
      if (!ReadWord(raw, value_pos, value)) {
        return MakeError(ErrorCode::kDecodeFailure,
                         "failed to parse " + name + ":" + std::to_string(lineno) +
                             ": unterminated quote in the value of " + key,
                         "line: " + raw);
      }
      line.key = key;
      line.value = value;
    }
    f.lines_.push_back(std::move(line));
  }
  return f;
}

std::optional<std::string> IfcfgFile::Get(const std::string& key) const {
  for (auto it = lines_.rbegin(); it != lines_.rend(); ++it)
    if (it->key == key) return it->value;
  return std::nullopt;
}

bool IfcfgFile::Set(const std::string& key, const std::string& value) {
  // The shell keeps the last assignment: update that one, drop earlier duplicates.
  int last = -1;
  for (int i = static_cast<int>(lines_.size()) - 1; i >= 0; --i)
    if (lines_[i].key == key) {
      last = i;
      break;
    }
  if (last < 0) {
    Line line;
    line.key = key;
    line.value = value;
    line.dirty = true;
    lines_.push_back(std::move(line));
    return true;
  }
  bool changed = false;
  for (int i = last - 1; i >= 0; --i) {
    if (lines_[i].key == key) {
      lines_.erase(lines_.begin() + i);
      --last;
      changed = true;
    }
  }
  Line& l = lines_[last];
  if (l.value != value) {
    l.value = value;
    l.dirty = true;
    changed = true;
  }
  return changed;
}

bool IfcfgFile::Remove(const std::string& key) {
  auto before = lines_.size();
  lines_.erase(
      std::remove_if(lines_.begin(), lines_.end(), [&](const Line& l) { return l.key == key; }),
      lines_.end());
  return lines_.size() != before;
}

std::vector<std::string> IfcfgFile::Keys() const {
  std::vector<std::string> keys;
  for (const auto& l : lines_)
    if (!l.key.empty() && std::find(keys.begin(), keys.end(), l.key) == keys.end())
      keys.push_back(l.key);
  return keys;
}

std::string IfcfgFile::Render() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    out += l.dirty ? l.key + "=" + QuoteIfcfgValue(l.value) : l.raw;
    if (i + 1 < lines_.size() || final_newline_ || l.dirty) out += "\n";
  }
  return out;
}

}  // namespace knetctl::sysconfig
