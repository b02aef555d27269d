// SPDX-License-Identifier: Apache-2.0
#include "plugins/macvlan/admin.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <iterator>

#include "core/files.h"
#include "plugins/host-local/config.h"
#include "plugins/macvlan/macvlan.h"
#include "plugins/skel/skel.h"

namespace knetctl::macvlan {
namespace {

using nlohmann::json;

Result<std::string> ReadConfig(const std::string& path) {
  if (path == "-") {
    std::string s((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return s;
  }
  auto t = ReadFile(path);
  if (!t) return MakeError(ErrorCode::kIoFailure, t.error().msg);
  return t;
}

}  // namespace

Result<Report> AdminRun(const AdminOptions& o, const GlobalOptions& g) {
  std::string source = o.config == "-" ? "stdin" : o.config;
  auto text = ReadConfig(o.config);
  if (!text) return text.error();
  auto parsed = cni::ParseJson(*text, source);
  if (!parsed) return parsed.error();
  json conf = *parsed;
  // A conflist: take its first entry that has a master or a host-local ipam, with the
  // list's name and version, as libcni does when it runs that plugin.
  if (conf.is_object() && conf.contains("plugins")) {
    if (!conf["plugins"].is_array() || conf["plugins"].empty())
      return MakeError(ErrorCode::kInvalidConfig, source + ": \"plugins\" must be a non-empty list");
    json pick = conf["plugins"][0];
    for (const auto& p : conf["plugins"])
      if (p.is_object() && (p.contains("master") || p.contains("ipam"))) { pick = p; break; }
    if (conf.contains("name")) pick["name"] = conf["name"];
    if (conf.contains("cniVersion")) pick["cniVersion"] = conf["cniVersion"];
    if (conf.contains("cniVersions")) pick["cniVersions"] = conf["cniVersions"];
    conf = pick;
  }
  if (!g.root.empty() && conf.is_object() && conf.contains("ipam") && conf["ipam"].is_object() &&
      conf["ipam"].value("type", "") == "host-local") {
    std::string dd = conf["ipam"].value("dataDir", std::string(hostlocal::kDefaultDataDir));
    conf["ipam"]["dataDir"] = RootPath(g.root, dd);
  }
  if (!o.prev_result.empty()) {
    auto pr = ReadFile(o.prev_result);
    if (!pr) return pr.error();
    auto pj = cni::ParseJson(*pr, o.prev_result);
    if (!pj) return pj.error();
    // `knetctl cni add -o json` output carries the result under "result".
    conf["prevResult"] = pj->contains("result") ? (*pj)["result"] : *pj;
  }
  if (o.command == "gc" && !o.valid.empty()) {
    json va = json::array();
    for (const auto& v : o.valid) {
      // A typo here would release a live lease: accept only CONTAINERID/IFNAME.
      auto slash = v.find('/');
      std::string id = v.substr(0, slash);
      std::string ifname = slash == std::string::npos ? "" : v.substr(slash + 1);
      auto id_ok = cni::ValidateContainerId(id);
      auto if_ok = cni::ValidateIfName(ifname);
      if (slash == std::string::npos || !id_ok || !if_ok)
        return MakeError(ErrorCode::kInvalidConfig,
                         "invalid --valid \"" + v + "\": expected CONTAINERID/IFNAME, e.g. 8f3a.../eth0" +
                             (!id_ok && slash != std::string::npos ? " (" + id_ok.error().msg + ")" : "") +
                             (!if_ok && slash != std::string::npos ? " (" + if_ok.error().msg + ")" : ""));
      va.push_back({{"containerID", id}, {"ifname", ifname}});
    }
    conf["cni.dev/valid-attachments"] = va;
  }
  // GC and STATUS are spec 1.1.0 verbs: the admin front end speaks 1.1.0 for them.
  if (o.command == "gc" || o.command == "status") conf["cniVersion"] = "1.1.0";

  cni::CniEnv env;
  env.command = o.command;
  std::transform(env.command.begin(), env.command.end(), env.command.begin(), ::toupper);
  env.container_id = o.container_id;
  env.netns = o.netns;
  env.ifname = o.ifname;
  env.path = o.cni_path;
  env.args_text = o.args;
  if (env.command == "ADD" || env.command == "DEL" || env.command == "CHECK") {
    if (env.container_id.empty()) return MakeError(ErrorCode::kInvalidEnv, "--container-id is required for " + o.command);
    if (env.command != "DEL" && env.netns.empty()) return MakeError(ErrorCode::kInvalidEnv, "--netns is required for " + o.command);
    KNETCTL_TRY(cni::ValidateContainerId(env.container_id));
    KNETCTL_TRY(cni::ValidateIfName(env.ifname));
  }
  auto args = cni::ParseCniArgs(o.args);
  if (!args) return args.error();
  env.args = *args;
  // The plugin inherits CNI_PATH for delegated IPAM from the environment.
  ::setenv("CNI_PATH", env.path.c_str(), 1);
  ::setenv("CNI_CONTAINERID", env.container_id.c_str(), 1);
  ::setenv("CNI_NETNS", env.netns.c_str(), 1);
  ::setenv("CNI_IFNAME", env.ifname.c_str(), 1);
  ::setenv("CNI_ARGS", env.args_text.c_str(), 1);

  Report report;
  std::string text_conf = conf.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (g.dry_run && env.command != "GC" && env.command != "STATUS") {
    auto c = LoadNetConf(text_conf, source, env);
    if (!c) return c.error();
    report.actions.push_back(o.command + " " + env.ifname + " of container " + env.container_id + " on network " +
                             c->name);
    report.changed = env.command != "CHECK";
    return report;
  }
  auto out = Run(env, text_conf, source, g.dry_run, nullptr);
  if (!out) {
    if (out.error().code == ErrorCode::kCheckFailed || (env.command == "STATUS" && out.error().code == ErrorCode::kPluginNotAvailable)) {
      report.exit_status = kExitProblem;
      report.fields["problem"] = out.error().msg;
      report.text.push_back("problem: " + out.error().msg);
      return report;
    }
    return out.error();
  }
  if (env.command == "ADD") {
    report.Did("added " + env.ifname + " to " + env.netns + " (container " + env.container_id + ")");
    report.fields["result"] = out->output;
    for (const auto& ip : out->output.value("ips", json::array()))
      report.text.push_back(env.ifname + ": " + ip.value("address", "") +
                            (ip.contains("gateway") ? " gateway " + ip["gateway"].get<std::string>() : ""));
    for (const auto& r : out->output.value("routes", json::array()))
      report.text.push_back("route: " + r.value("dst", "") + (r.contains("gw") ? " via " + r["gw"].get<std::string>() : ""));
    if (!g.verbose) report.text.push_back(out->output.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else if (env.command == "DEL") {
    report.Did("deleted " + env.ifname + " of container " + env.container_id + " (and released its addresses)");
  } else if (env.command == "CHECK") {
    report.text.push_back("ok: " + env.ifname + " of container " + env.container_id + " matches its result");
  } else if (env.command == "STATUS") {
    report.text.push_back("ok: plugin ready");
  } else if (env.command == "GC") {
    for (const auto& r : out->released) {
      report.actions.push_back("release " + r);
      report.changed = true;
    }
    report.fields["released"] = out->released;
  }
  return report;
}

}  // namespace knetctl::macvlan
