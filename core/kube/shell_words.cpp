// SPDX-License-Identifier: Apache-2.0
#include "core/kube/shell_words.h"

#include <cctype>

namespace knetctl::kube {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits a variable's value at whitespace (systemd: "$FOO as a separate word ... split
// at whitespace"), every word keeping the origin of its first character.
void SplitValue(const PosText& v, std::vector<Arg>& out) {
  size_t i = 0;
  while (i < v.text.size()) {
    while (i < v.text.size() && IsSpace(v.text[i])) ++i;
    if (i >= v.text.size()) break;
    Arg a;
    a.origin = v.At(i);
    while (i < v.text.size() && !IsSpace(v.text[i])) a.text.push_back(v.text[i++]);
    out.push_back(std::move(a));
  }
}

}  // namespace

Origin PosText::At(size_t i) const {
  Origin o;
  o.file = file;
  if (pos.empty()) return o;
  if (i >= pos.size()) i = pos.size() - 1;
  o.line = pos[i].first;
  o.column = pos[i].second;
  return o;
}

Result<std::vector<Arg>> SplitWords(const PosText& in, const EnvMap* env) {
  std::vector<Arg> out;
  const std::string& s = in.text;
  Arg word;
  bool in_word = false;
  char quote = 0;
  size_t quote_start = 0;
  auto start_word = [&](const Origin& o) {
    if (!in_word) {
      in_word = true;
      word.origin = o;
    }
  };
  auto end_word = [&] {
    if (in_word) out.push_back(std::move(word));
    word = Arg{};
    in_word = false;
  };

  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word.text.push_back(c);
      ++i;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= s.size()) {  // a lone trailing backslash is kept literally
        start_word(in.At(i));
        word.text.push_back(c);
        ++i;
        continue;
      }
      char n = s[i + 1];
      if (n == '\n') {  // line continuation
        i += 2;
        continue;
      }
      start_word(in.At(i));
      if (quote == '"' && n != '"' && n != '\\' && n != '$') word.text.push_back('\\');
      word.text.push_back(n);
      i += 2;
      continue;
    }
    if (c == '$' && env != nullptr && i + 1 < s.size()) {
      // ${NAME}
      if (s[i + 1] == '{') {
        size_t close = s.find('}', i + 2);
        if (close != std::string::npos) {
          std::string name = s.substr(i + 2, close - i - 2);
          auto it = env->find(name);
          if (!in_word) {
            start_word(it != env->end() && !it->second.value.text.empty() ? it->second.value.At(0)
                                                                          : in.At(i));
          }
          if (it != env->end()) word.text += it->second.value.text;
          i = close + 1;
          continue;
        }
      } else if (IsNameStart(s[i + 1])) {
        size_t j = i + 1;
        while (j < s.size() && IsNameChar(s[j])) ++j;
        std::string name = s.substr(i + 1, j - i - 1);
        auto it = env->find(name);
        bool whole_word = !in_word && quote == 0 && (j >= s.size() || IsSpace(s[j]));
        if (whole_word) {
          // $NAME as a word of its own: the value's words, or nothing at all.
          if (it != env->end()) SplitValue(it->second.value, out);
          i = j;
          continue;
        }
        if (!in_word) {
          start_word(it != env->end() && !it->second.value.text.empty() ? it->second.value.At(0)
                                                                        : in.At(i));
        }
        if (it != env->end()) word.text += it->second.value.text;
        i = j;
        continue;
      }
    }
    if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        word.text.push_back(c);
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      start_word(in.At(i));
      quote = c;
      quote_start = i;
      ++i;
      continue;
    }
    if (IsSpace(c)) {
      end_word();
      ++i;
      continue;
    }
    start_word(in.At(i));
    word.text.push_back(c);
    ++i;
  }
  if (quote != 0) {
    return MakeError(ErrorCode::kDecodeFailure,
                     "unterminated " + std::string(quote == '"' ? "double" : "single") +
                         " quote starting at " + in.At(quote_start).ToStringWithColumn());
  }
  end_word();
  return out;
}

}  // namespace knetctl::kube
