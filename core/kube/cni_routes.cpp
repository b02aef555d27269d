// SPDX-License-Identifier: Apache-2.0
#include "core/kube/cni_routes.h"

#include <dirent.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/kube/parse_error.h"

namespace knetctl::kube {
namespace {

using nlohmann::json;

Error Invalid(const std::string& file, const std::string& msg) {
  return MakeError(ErrorCode::kInvalidConfig, "invalid CNI config " + file + ": " + msg);
}

bool IsMacvlan(const json& plugin) {
  if (!plugin.is_object() || !plugin.contains("type") || !plugin["type"].is_string()) return false;
  const auto& t = plugin["type"].get_ref<const std::string&>();
  return t == "macvlan" || t == "knetctl-cni";
}

Status ReadRoutes(const json& plugin, const std::string& file, const std::string& where,
                  CniServiceRoutes& out) {
  if (!plugin.contains("ipam")) return {};
  const json& ipam = plugin["ipam"];
  if (!ipam.is_object()) return Invalid(file, where + ".ipam must be an object");
  if (!ipam.contains("routes") || ipam["routes"].is_null()) return {};
  const json& routes = ipam["routes"];
  if (!routes.is_array()) return Invalid(file, where + ".ipam.routes must be a list");
  int i = 0;
  for (const auto& r : routes) {
    std::string at = where + ".ipam.routes[" + std::to_string(i) + "]";
    if (!r.is_object())
      return Invalid(
          file, at + " must be an object like {\"dst\":\"10.32.0.0/24\",\"gw\":\"172.20.7.100\"}");
    if (!r.contains("dst") || !r["dst"].is_string())
      return Invalid(file, at + ".dst is missing or not a string");
    auto dst = IpPrefix::Parse(r["dst"].get<std::string>());
    if (!dst) return Invalid(file, at + ".dst: " + dst.error().msg);
    CniRoute route{*dst, std::nullopt, i};
    if (r.contains("gw") && !r["gw"].is_null()) {
      if (!r["gw"].is_string()) return Invalid(file, at + ".gw must be a string");
      auto gw = IpAddress::Parse(r["gw"].get<std::string>());
      if (!gw) return Invalid(file, at + ".gw: " + gw.error().msg);
      if (gw->family != dst->addr.family)
        return Invalid(file, at + ": gw " + gw->ToString() + " and dst " + dst->ToString() +
                                 " are of different IP families");
      route.gw = *gw;
    }
    out.routes.push_back(route);
    ++i;
  }
  return {};
}

}  // namespace

Result<CniServiceRoutes> ParseCniServiceRoutes(const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return JsonParseError(e.what(), e.byte, text, file);
  }
  try {
    if (!j.is_object()) return Invalid(file, "expected a JSON object");
    CniServiceRoutes out;
    out.file = file;
    if (j.contains("name") && j["name"].is_string()) out.name = j["name"].get<std::string>();
    if (j.contains("plugins")) {
      const json& plugins = j["plugins"];
      if (!plugins.is_array() || plugins.empty())
        return Invalid(file, "plugins must be a non-empty list");
      if (out.name.empty()) return Invalid(file, "a conflist needs a \"name\"");
      for (size_t i = 0; i < plugins.size(); ++i) {
        if (!plugins[i].is_object() || !plugins[i].contains("type") ||
            !plugins[i]["type"].is_string())
          return Invalid(file, "plugins[" + std::to_string(i) + "] has no \"type\"");
        if (!IsMacvlan(plugins[i]) || out.has_macvlan) continue;
        out.has_macvlan = true;
        out.plugin_type = plugins[i]["type"].get<std::string>();
        KNETCTL_TRY(ReadRoutes(plugins[i], file, "plugins[" + std::to_string(i) + "]", out));
      }
      return out;
    }
    if (!j.contains("type") || !j["type"].is_string())
      return Invalid(file, "neither \"plugins\" (a conflist) nor \"type\" (a single plugin)");
    if (IsMacvlan(j)) {
      out.has_macvlan = true;
      out.plugin_type = j["type"].get<std::string>();
      KNETCTL_TRY(ReadRoutes(j, file, "config", out));
    }
    return out;
  } catch (const json::exception& e) {
    return Invalid(file, e.what());
  }
}

Result<std::optional<CniServiceRoutes>> FindCniConfig(const std::string& root,
                                                      const std::string& dir,
                                                      std::vector<std::string>* skipped) {
  std::vector<std::string> names;
  {
    std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(RootPath(root, dir).c_str()), ::closedir);
    if (!d) return std::optional<CniServiceRoutes>{};
    while (auto* e = ::readdir(d.get())) {
      std::string n = e->d_name;
      if (n.ends_with(".conf") || n.ends_with(".conflist") || n.ends_with(".json"))
        names.push_back(n);
    }
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    std::string path = dir + "/" + n;
    auto text = ReadFile(RootPath(root, path));
    if (!text) {
      if (skipped) skipped->push_back("skipped " + path + ": " + text.error().msg);
      continue;
    }
    auto parsed = ParseCniServiceRoutes(*text, path);
    if (!parsed) {
      if (skipped) skipped->push_back("skipped " + path + ": " + parsed.error().msg);
      continue;
    }
    return std::optional<CniServiceRoutes>(std::move(*parsed));
  }
  return std::optional<CniServiceRoutes>{};
}

}  // namespace knetctl::kube
