// SPDX-License-Identifier: Apache-2.0
#include "plugins/skel/skel.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace knetctl::cni {

const std::vector<std::string>& SupportedVersions() {
  static const std::vector<std::string> v = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"};
  return v;
}
const std::string& LatestVersion() { return SupportedVersions().back(); }

bool IsSupportedVersion(const std::string& version) {
  const auto& v = SupportedVersions();
  return std::find(v.begin(), v.end(), version) != v.end();
}

int CompareVersions(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  for (int i = 0; i < 3; ++i) {
    int x = 0, y = 0;
    char dot;
    sa >> x;
    sb >> y;
    if (x != y) return x < y ? -1 : 1;
    sa >> dot;
    sb >> dot;
  }
  return 0;
}

Result<CniArgs> ParseCniArgs(const std::string& text) {
  CniArgs out;
  if (text.empty()) return out;
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t semi = text.find(';', start);
    std::string item = text.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
    start = semi == std::string::npos ? text.size() + 1 : semi + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      return MakeError(ErrorCode::kInvalidEnv, "failed to parse CNI_ARGS: \"" + item + "\" is not KEY=VALUE");
    pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  for (const auto& [k, v] : pairs) {
    out.values[k] = v;
    if (k == "IgnoreUnknown") {
      std::string l = v;
      std::transform(l.begin(), l.end(), l.begin(), ::tolower);
      out.ignore_unknown = l == "1" || l == "true";
    }
  }
  for (const auto& [k, v] : pairs) {
    if (k == "IP") {
      size_t s = 0;
      while (s <= v.size()) {
        size_t c = v.find(',', s);
        std::string one = v.substr(s, c == std::string::npos ? std::string::npos : c - s);
        s = c == std::string::npos ? v.size() + 1 : c + 1;
        if (one.empty()) continue;
        auto ip = IpAddress::Parse(one);
        if (!ip) return MakeError(ErrorCode::kInvalidEnv, "failed to parse CNI_ARGS IP=\"" + v + "\": \"" + one + "\" is not an IP address");
        out.ips.push_back(*ip);
      }
    } else if (k == "MAC") {
      out.mac = v;
    } else if (k == "IgnoreUnknown" || k.rfind("K8S_POD_", 0) == 0) {
      // known: K8S_POD_NAMESPACE, K8S_POD_NAME, K8S_POD_INFRA_CONTAINER_ID, K8S_POD_UID
    } else if (!out.ignore_unknown) {
      return MakeError(ErrorCode::kUnsupportedField,
                       "failed to parse CNI_ARGS: unknown key \"" + k +
                           "\" (known: IP, MAC, K8S_POD_*, IgnoreUnknown; add IgnoreUnknown=1 to ignore others)");
    }
  }
  return out;
}

namespace {
bool IdChars(const std::string& s) {
  if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}
}  // namespace

Status ValidateContainerId(const std::string& id) {
  if (IdChars(id)) return {};
  return MakeError(ErrorCode::kInvalidEnv, "invalid container ID \"" + id +
                                               "\": must start with a letter or digit, then letters, digits, '_', '.' or '-'");
}

Status ValidateNetworkName(const std::string& name) {
  if (IdChars(name)) return {};
  return MakeError(ErrorCode::kInvalidConfig, "invalid network name \"" + name +
                                                  "\": must start with a letter or digit, then letters, digits, '_', '.' or '-'");
}

Status ValidateIfName(const std::string& name) {
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidEnv, "invalid interface name \"" + name + "\": " + why);
  };
  if (name.empty()) return bad("must not be empty");
  if (name.size() > 15) return bad("longer than 15 characters");
  if (name == "." || name == "..") return bad("must not be \".\" or \"..\"");
  for (char c : name) {
    if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)) || c == '\0')
      return bad("must not contain '/', ':' or whitespace");
  }
  return {};
}

Result<CniEnv> LoadEnv(const std::function<const char*(const char*)>& getenv) {
  auto get = [&](const char* k) {
    const char* v = getenv(k);
    return std::string(v ? v : "");
  };
  CniEnv env;
  env.command = get("CNI_COMMAND");
  env.container_id = get("CNI_CONTAINERID");
  env.netns = get("CNI_NETNS");
  env.ifname = get("CNI_IFNAME");
  env.args_text = get("CNI_ARGS");
  env.path = get("CNI_PATH");
  env.netns_override = getenv("CNI_NETNS_OVERRIDE") != nullptr && get("CNI_NETNS_OVERRIDE") != "";
  const std::string& c = env.command;
  if (c.empty()) return MakeError(ErrorCode::kInvalidEnv, "required env variable CNI_COMMAND is missing");
  bool add_check = c == "ADD" || c == "CHECK";
  bool del = c == "DEL";
  if (!add_check && !del && c != "VERSION" && c != "STATUS" && c != "GC")
    return MakeError(ErrorCode::kInvalidEnv, "unknown CNI_COMMAND \"" + c + "\": allowed are ADD, DEL, CHECK, VERSION, STATUS, GC");
  std::vector<std::string> missing;
  if ((add_check || del) && env.container_id.empty()) missing.push_back("CNI_CONTAINERID");
  if (add_check && env.netns.empty()) missing.push_back("CNI_NETNS");
  if ((add_check || del) && env.ifname.empty()) missing.push_back("CNI_IFNAME");
  if (c != "VERSION" && env.path.empty()) missing.push_back("CNI_PATH");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return MakeError(ErrorCode::kInvalidEnv, "required env variables [" + list + "] missing for " + c);
  }
  if (add_check || del) {
    KNETCTL_TRY(ValidateContainerId(env.container_id));
    KNETCTL_TRY(ValidateIfName(env.ifname));
  }
  auto args = ParseCniArgs(env.args_text);
  if (!args) return args.error();
  env.args = std::move(*args);
  return env;
}

std::pair<int, int> LineColumn(const std::string& text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Result<Json> ParseJson(const std::string& text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the offending character is text[e.byte - 1].
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    if (at > text.size()) at = text.size();
    auto [line, col] = LineColumn(text, at);
    std::string where = source + ": line " + std::to_string(line) + ", column " + std::to_string(col);
    std::string plain;
    if (at < text.size() && (text[at] == ']' || text[at] == '}')) {
      size_t p = at;
      while (p > 0 && std::isspace(static_cast<unsigned char>(text[p - 1]))) --p;
      if (p > 0 && text[p - 1] == ',') {
        auto [cl, cc] = LineColumn(text, p - 1);
        plain = std::string("a trailing comma before '") + text[at] + "' is not allowed in JSON: remove the ',' at line " +
                std::to_string(cl) + ", column " + std::to_string(cc);
      }
    }
    if (plain.empty()) {
      if (at >= text.size()) {
        plain = "unexpected end of input (missing closing '}' or ']'?)";
      } else {
        plain = std::string("unexpected '") + text[at] + "'";
      }
    }
    // Keep the library's message in the details.
    return MakeError(ErrorCode::kDecodeFailure, "failed to parse " + where + ": " + plain, e.what());
  }
}

Json ErrorJson(const Error& error, const std::string& version) {
  Json j = Json::object();
  j["cniVersion"] = version.empty() ? LatestVersion() : version;
  int code = static_cast<int>(error.code);
  j["code"] = code == 0 ? 999 : code;
  j["msg"] = error.msg;
  if (!error.details.empty()) j["details"] = error.details;
  return j;
}

}  // namespace knetctl::cni
