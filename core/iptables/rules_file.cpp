// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/rules_file.h"

#include <algorithm>
#include <cctype>

namespace knetctl::iptables {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Splits like iptables-restore does: whitespace separates, double quotes group.
std::vector<std::string> Tokenize(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool in_token = false, quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\' && i + 1 < s.size()) {
        cur += s[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_token) out.push_back(cur);
      cur.clear();
      in_token = false;
      continue;
    }
    in_token = true;
    if (c == '"') {
      quoted = true;
    } else {
      cur += c;
    }
  }
  if (in_token) out.push_back(cur);
  return out;
}

bool IsAppend(const std::string& t) { return t == "-A" || t == "--append"; }
bool IsJump(const std::string& t) { return t == "-j" || t == "--jump"; }

// Line boundaries: [start, end) of each line including its "\n".
std::vector<std::pair<size_t, size_t>> LineSpans(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> spans;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    spans.emplace_back(start, end);
    start = end;
  }
  return spans;
}

}  // namespace

const char* RejectWithFor(int family) {
  return family == 6 ? "icmp6-adm-prohibited" : "icmp-host-prohibited";
}

bool MatchRuleLine(const std::string& line, const RejectRuleSpec& spec, FileRuleMatch* out) {
  std::string body = Trim(line);
  // iptables-save -c puts the rule's counters first: "[12:3456] -A INPUT ...".
  if (!body.empty() && body.front() == '[') {
    auto close = body.find(']');
    if (close == std::string::npos) return false;
    body = Trim(body.substr(close + 1));
  }
  auto tokens = Tokenize(body);
  if (tokens.size() < 6 || !IsAppend(tokens[0])) return false;
  const std::string& chain = tokens[1];
  if (std::find(spec.chains.begin(), spec.chains.end(), chain) == spec.chains.end()) return false;
  const size_t n = tokens.size();
  // The target and its one option end the rule, as iptables-save writes it.
  if (!IsJump(tokens[n - 4]) || tokens[n - 3] != "REJECT" || tokens[n - 2] != "--reject-with" ||
      tokens[n - 1] != RejectWithFor(spec.family)) {
    return false;
  }
  bool catch_all = n == 6;
  if (!catch_all && !spec.any_match) return false;
  if (out != nullptr) {
    out->chain = chain;
    out->catch_all = catch_all;
    std::string text = line;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    out->text = text;
  }
  return true;
}

std::vector<FileRuleMatch> FindRejectLines(const std::string& text, const RejectRuleSpec& spec) {
  std::vector<FileRuleMatch> found;
  std::string table;
  size_t number = 0;
  for (auto [b, e] : LineSpans(text)) {
    ++number;
    std::string line = text.substr(b, e - b);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    std::string t = Trim(line);
    if (t.empty() || t.front() == '#') continue;
    if (t.front() == '*') {
      table = Trim(t.substr(1));
      continue;
    }
    if (t == "COMMIT") {
      table.clear();
      continue;
    }
    if (table != "filter") continue;
    FileRuleMatch m;
    if (MatchRuleLine(line, spec, &m)) {
      m.line = number;
      found.push_back(std::move(m));
    }
  }
  return found;
}

std::string RemoveLines(const std::string& text, const std::vector<size_t>& lines) {
  std::string out;
  out.reserve(text.size());
  size_t number = 0;
  for (auto [b, e] : LineSpans(text)) {
    ++number;
    if (std::find(lines.begin(), lines.end(), number) != lines.end()) continue;
    out.append(text, b, e - b);
  }
  return out;
}

}  // namespace knetctl::iptables
