// SPDX-License-Identifier: Apache-2.0
#include "core/doctor/cni_check.h"

#include <dirent.h>
#include <sys/socket.h>

#include <algorithm>

#include "core/files.h"
#include "core/kube/local_addresses.h"
#include "core/netlink/link.h"
#include "core/netlink/route.h"
#include "core/netlink/socket.h"
#include "plugins/macvlan/macvlan.h"
#include "plugins/skel/skel.h"

namespace knetctl::doctor {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// libcni's ConfFiles: *.conf, *.conflist and *.json, sorted by name.
std::vector<std::string> ConfigFiles(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return names;
  while (auto* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.empty() || n[0] == '.') continue;
    if (EndsWith(n, ".conf") || EndsWith(n, ".conflist") || EndsWith(n, ".json")) names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

// A parsed file: the network's own config for the macvlan entry, like libcni hands it to
// the plugin (name and cniVersion injected from a conflist).
struct Loaded {
  std::string network;
  std::string plugin_type;
  nlohmann::json conf;
};

Result<Loaded> LoadFile(const std::string& path, const std::string& node_path) {
  auto text = ReadFile(path);
  if (!text) return text.error();
  auto j = cni::ParseJson(*text, node_path);
  if (!j) return j.error();
  if (!j->is_object()) return MakeError(ErrorCode::kInvalidConfig, node_path + ": not a JSON object");
  Loaded l;
  if (j->contains("plugins")) {
    const auto& plugins = (*j)["plugins"];
    if (!plugins.is_array() || plugins.empty())
      return MakeError(ErrorCode::kInvalidConfig, node_path + ": field \"plugins\" must be a non-empty list");
    l.network = j->value("name", "");
    const nlohmann::json* chosen = &plugins[0];
    for (const auto& p : plugins) {
      if (p.is_object() && (p.value("type", "") == "macvlan" || p.value("type", "") == "knetctl-cni")) {
        chosen = &p;
        break;
      }
    }
    if (!chosen->is_object())
      return MakeError(ErrorCode::kInvalidConfig, node_path + ": plugins[0] is not an object");
    l.conf = *chosen;
    l.conf["name"] = l.network;
    if (j->contains("cniVersion")) l.conf["cniVersion"] = (*j)["cniVersion"];
  } else {
    l.conf = *j;
    l.network = j->value("name", "");
  }
  if (l.network.empty()) return MakeError(ErrorCode::kInvalidConfig, node_path + ": field \"name\" is missing");
  if (!l.conf.contains("type") || !l.conf["type"].is_string())
    return MakeError(ErrorCode::kInvalidConfig, node_path + ": field \"type\" is missing");
  l.plugin_type = l.conf["type"].get<std::string>();
  return l;
}

// Two allocation ranges share an address (same family, start..end intervals meet).
bool RangesOverlap(const hostlocal::Range& a, const hostlocal::Range& b) {
  return a.start.family == b.start.family && a.start <= b.end && b.start <= a.end;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

std::string DefaultRouteInterface() {
  auto sock = netlink::OpenRouteSocket();
  if (!sock) return "";
  auto routes = netlink::ListRoutes(sock->get(), AF_INET);
  if (!routes) return "";
  for (const auto& r : *routes) {
    if (r.dst.len != 0 || r.oif == 0) continue;
    auto link = netlink::GetLinkByIndex(sock->get(), r.oif);
    if (link) return link->name;
  }
  return "";
}

CniDiagnosis DiagnoseCni(const CniCheckInput& in) {
  CniDiagnosis out;
  const std::string dir = RootPath(in.root, in.dir);
  auto files = ConfigFiles(dir);
  if (files.empty()) {
    out.findings.push_back({"cni", Verdict::kFail, "no CNI configuration in " + in.dir,
                            {"looked for *.conf, *.conflist, *.json in " + dir},
                            "install a macvlan conflist, e.g. /usr/share/doc/knetctl/10-knetctl.conflist, into " + in.dir});
    return out;
  }

  // Parse every file: the first that loads is the runtime's choice; the others' ranges
  // still matter for overlaps.
  std::vector<std::pair<std::string, hostlocal::IpamConfig>> other_ipams;
  for (const auto& name : files) {
    const std::string node_path = in.dir + "/" + name;
    auto loaded = LoadFile(dir + "/" + name, node_path);
    if (!loaded) {
      out.findings.push_back({"cni", out.chosen ? Verdict::kWarn : Verdict::kFail,
                              node_path + " does not load" + (out.chosen ? "" : " (runtimes skip it)"),
                              {loaded.error().msg}, "correct the file or move it out of " + in.dir});
      continue;
    }
    std::optional<hostlocal::IpamConfig> ipam;
    std::string ipam_type;
    if (loaded->conf.contains("ipam") && loaded->conf["ipam"].is_object())
      ipam_type = loaded->conf["ipam"].value("type", "");
    if (ipam_type == "host-local") {
      auto ic = hostlocal::ParseIpamConfig(loaded->conf, loaded->network, {});
      if (!ic) {
        out.findings.push_back({"cni", Verdict::kFail, node_path + ": invalid ipam section",
                                {ic.error().msg}, "correct the ipam ranges in " + node_path});
        continue;
      }
      ipam = *ic;
    }
    if (out.chosen) {
      if (ipam) other_ipams.emplace_back(node_path, *ipam);
      continue;
    }
    bool macvlan = loaded->plugin_type == "macvlan" || loaded->plugin_type == "knetctl-cni";
    if (macvlan) {
      cni::CniEnv env;
      env.command = "ADD";
      auto conf = macvlan::LoadNetConf(loaded->conf.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), node_path, env);
      if (!conf) {
        out.findings.push_back({"cni", Verdict::kFail, node_path + " is not a valid macvlan configuration",
                                {conf.error().msg}, "correct " + node_path});
        continue;
      }
    }
    ChosenNetwork c{node_path, loaded->network, loaded->plugin_type, loaded->conf.value("master", ""),
                    ipam_type, ipam};
    out.chosen = c;
    out.findings.push_back({"cni", macvlan ? Verdict::kPass : Verdict::kWarn,
                            "runtimes pick " + node_path + " (network \"" + c.network + "\", type " +
                                c.plugin_type + ")",
                            {"candidates in lexical order: " + Join(files, ", ")},
                            macvlan ? "" : "knetctl's checks assume the macvlan plugin; put the macvlan network first"});
  }
  if (!out.chosen) return out;
  ChosenNetwork& c = *out.chosen;

  // The master.
  if (c.master.empty()) {
    c.master = DefaultRouteInterface();
    if (c.master.empty()) {
      out.findings.push_back({"cni", Verdict::kFail, "no \"master\" set and no default route to take it from",
                              {c.file}, "set \"master\" in " + c.file});
    }
  }
  if (!c.master.empty()) {
    auto sock = netlink::OpenRouteSocket();
    Result<netlink::LinkInfo> link = sock ? netlink::GetLink(sock->get(), c.master) : Result<netlink::LinkInfo>(sock.error());
    if (link) {
      out.findings.push_back({"cni", link->up ? Verdict::kPass : Verdict::kFail,
                              "master " + c.master + (link->up ? " exists and is up" : " is down"),
                              {"kind " + (link->kind.empty() ? std::string("device") : link->kind) + ", mtu " +
                               std::to_string(link->mtu)},
                              link->up ? "" : "ip link set " + c.master + " up"});
    } else {
      out.findings.push_back({"cni", Verdict::kFail, "master " + c.master + " does not exist on this node",
                              {link.error().msg}, "set \"master\" in " + c.file + " to this node's LAN interface"});
    }
  }

  if (!c.ipam) {
    out.findings.push_back({"cni", Verdict::kInfo,
                            "ipam.type is \"" + c.ipam_type + "\": ranges and routes are not checked",
                            {c.file}, ""});
    return out;
  }

  // Ranges: valid (parsed above), not overlapping other networks, the service range, or
  // this node's own addresses.
  auto locals = kube::ListLocalAddresses();
  std::vector<std::string> range_text;
  bool overlap = false;
  for (const auto& set : c.ipam->range_sets) {
    range_text.push_back(set.ToString());
    for (const auto& r : set.ranges) {
      for (const auto& [other_file, other] : other_ipams) {
        for (const auto& oset : other.range_sets) {
          for (const auto& o : oset.ranges) {
            if (RangesOverlap(r, o)) {
              overlap = true;
              out.findings.push_back({"cni", Verdict::kFail,
                                      "range " + r.ToString() + " overlaps " + o.ToString() + " of " + other_file,
                                      {c.file}, "give each network its own addresses"});
            }
          }
        }
      }
      if (in.service_cidr && r.subnet.Overlaps(*in.service_cidr)) {
        overlap = true;
        out.findings.push_back({"cni", Verdict::kFail,
                                "range " + r.ToString() + " overlaps the service range " + in.service_cidr->ToString(),
                                {c.file}, "pods and Services need separate ranges"});
      }
      if (locals) {
        for (const auto& l : *locals) {
          if (r.Contains(l.addr)) {
            overlap = true;
            out.findings.push_back({"cni", Verdict::kFail,
                                    "range " + r.ToString() + " includes this node's address " + l.addr.ToString() +
                                        " (" + l.ifname + ")",
                                    {c.file}, "set rangeStart/rangeEnd in " + c.file + " to exclude " + l.addr.ToString()});
          }
        }
      }
    }
  }
  if (!overlap)
    out.findings.push_back({"cni", Verdict::kPass, "ranges " + Join(range_text, "; ") + " are valid and overlap nothing",
                            {c.file}, ""});

  // The route to the service range, via this node.
  if (!in.service_cidr) {
    out.findings.push_back({"cni", Verdict::kWarn, "the service range is unknown: the service route is not checked",
                            {"no --service-cidr given and no apiserver configuration found"},
                            "knetctl doctor --service-cidr <the apiserver's --service-cluster-ip-range>" + in.fix_flags});
    return out;
  }
  const cni::Route* svc = nullptr;
  for (const auto& r : c.ipam->routes) {
    if (r.dst.Network() == in.service_cidr->Network() && r.dst.len == in.service_cidr->len) svc = &r;
  }
  if (svc == nullptr) {
    out.findings.push_back({"cni", Verdict::kFail,
                            "no route to the service range " + in.service_cidr->ToString() + " in " + c.file +
                                ": pods get \"No route to host\" for Service IPs",
                            {"ipam.routes has " + std::to_string(c.ipam->routes.size()) + " entries"},
                            "add {\"dst\": \"" + in.service_cidr->ToString() +
                                "\", \"gw\": \"<this node's address>\"} to ipam.routes in " + c.file});
    return out;
  }
  if (!svc->gw) {
    out.findings.push_back({"cni", Verdict::kFail, "the route to " + in.service_cidr->ToString() + " has no gw",
                            {c.file}, "set its \"gw\" to this node's address (the shim's)"});
    return out;
  }
  bool gw_local = false;
  if (locals) {
    for (const auto& l : *locals) gw_local |= l.addr == *svc->gw;
  }
  out.findings.push_back({"cni", gw_local ? Verdict::kPass : Verdict::kFail,
                          "route " + in.service_cidr->ToString() + " via " + svc->gw->ToString() +
                              (gw_local ? " (an address of this node)" : ": not an address of this node"),
                          {c.file},
                          gw_local ? "" : "set the route's \"gw\" in " + c.file + " to this node's address"});
  return out;
}

}  // namespace knetctl::doctor
