// SPDX-License-Identifier: Apache-2.0
#include "core/kube/env_file.h"

#include <cctype>

namespace knetctl::kube {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A cursor over the text that knows its line and column.
struct Cursor {
  const std::string& s;
  size_t i = 0;
  int line = 1;
  int col = 1;
  bool End() const { return i >= s.size(); }
  char Peek(size_t ahead = 0) const { return i + ahead < s.size() ? s[i + ahead] : '\0'; }
  void Next() {
    if (End()) return;
    if (s[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    ++i;
  }
  void SkipLine() {
    while (!End() && Peek() != '\n') Next();
    Next();
  }
};

}  // namespace

Result<std::vector<EnvAssignment>> ParseEnvFile(const std::string& text, const std::string& file) {
  std::vector<EnvAssignment> out;
  Cursor c{text};
  while (!c.End()) {
    while (!c.End() && (c.Peek() == ' ' || c.Peek() == '\t' || c.Peek() == '\r')) c.Next();
    if (c.End()) break;
    char first = c.Peek();
    if (first == '\n') {
      c.Next();
      continue;
    }
    if (first == '#' || first == ';' || !IsNameStart(first)) {
      c.SkipLine();
      continue;
    }
    Origin start{file, c.line, c.col};
    std::string name;
    while (!c.End() && IsNameChar(c.Peek())) {
      name.push_back(c.Peek());
      c.Next();
    }
    if (name == "export" && (c.Peek() == ' ' || c.Peek() == '\t')) {
      while (c.Peek() == ' ' || c.Peek() == '\t') c.Next();
      if (!IsNameStart(c.Peek())) {
        c.SkipLine();
        continue;
      }
      start = Origin{file, c.line, c.col};
      name.clear();
      while (!c.End() && IsNameChar(c.Peek())) {
        name.push_back(c.Peek());
        c.Next();
      }
    }
    // systemd allows spaces around '='; shells do not, but such lines mean the same here.
    while (c.Peek() == ' ' || c.Peek() == '\t') c.Next();
    if (c.Peek() != '=') {
      c.SkipLine();
      continue;
    }
    c.Next();
    while (c.Peek() == ' ' || c.Peek() == '\t') c.Next();

    EnvAssignment a;
    a.name = name;
    a.value.origin = start;
    a.value.value.file = file;
    PosText& v = a.value.value;
    size_t unquoted_end = 0;  // trailing blanks of a bare value are trimmed
    bool done = false;
    while (!c.End() && !done) {
      char ch = c.Peek();
      if (ch == '\n') break;
      if (ch == '\\' && c.Peek(1) == '\n') {  // continuation
        c.Next();
        c.Next();
        continue;
      }
      if (ch == '\\' && c.Peek(1) != '\0') {
        c.Next();
        v.Append(c.Peek(), c.line, c.col);
        c.Next();
        unquoted_end = v.text.size();
        continue;
      }
      if (ch == '"' || ch == '\'') {
        const char q = ch;
        const int qline = c.line, qcol = c.col;
        c.Next();
        for (;;) {
          if (c.End()) {
            return MakeError(ErrorCode::kDecodeFailure,
                             "failed to parse " + file + ":" + std::to_string(qline) + ":" +
                                 std::to_string(qcol) + ": unterminated " +
                                 (q == '"' ? "double" : "single") + " quote in the value of " +
                                 name);
          }
          char d = c.Peek();
          if (d == q) {
            c.Next();
            break;
          }
          if (q == '"' && d == '\\' && c.Peek(1) == '\n') {
            c.Next();
            c.Next();
            continue;
          }
          if (q == '"' && d == '\\' &&
              (c.Peek(1) == '"' || c.Peek(1) == '\\' || c.Peek(1) == '$' || c.Peek(1) == '`')) {
            c.Next();
          }
          v.Append(c.Peek(), c.line, c.col);
          c.Next();
        }
        unquoted_end = v.text.size();
        continue;
      }
      if (ch == '#' && (v.text.empty() || v.text.back() == ' ' || v.text.back() == '\t')) {
        // a shell comment after the value
        while (!c.End() && c.Peek() != '\n') c.Next();
        done = true;
        continue;
      }
      v.Append(ch, c.line, c.col);
      if (ch != ' ' && ch != '\t' && ch != '\r') unquoted_end = v.text.size();
      c.Next();
    }
    v.text.resize(unquoted_end);
    v.pos.resize(unquoted_end);
    out.push_back(std::move(a));
    c.SkipLine();
  }
  return out;
}

void MergeEnv(const std::vector<EnvAssignment>& assignments, EnvMap& env) {
  for (const auto& a : assignments) env[a.name] = a.value;
}

}  // namespace knetctl::kube
