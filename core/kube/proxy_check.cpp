// SPDX-License-Identifier: Apache-2.0
#include "core/kube/proxy_check.h"

#include <map>
#include <optional>

#include "core/files.h"
#include "core/kube/cni_routes.h"
#include "core/kube/discovery.h"
#include "core/kube/local_addresses.h"
#include "core/kube/range_compare.h"

namespace knetctl::kube {
namespace {

using nlohmann::ordered_json;

constexpr const char* kCniDir = "/etc/cni/net.d";

std::string Family(const IpPrefix& p) { return p.addr.is_v4() ? "IPv4" : "IPv6"; }

std::string Join(const std::vector<IpPrefix>& v) {
  std::string s;
  for (const auto& p : v) s += (s.empty() ? "" : ",") + p.ToString();
  return s;
}

ordered_json LineOrNull(const Origin& o) {
  return o.line > 0 ? ordered_json(o.line) : ordered_json();
}

std::string Describe(const Setting& s) {
  return s.value + " (" + s.name + ", " + s.origin.ToString() + ")";
}

// Exactly what to change, and where, so kube-proxy's cluster CIDR becomes `want`.
std::string FixText(const KubeProxySettings& kp, const std::string& want, bool explicit_cidr) {
  std::string fix;
  const FixPlace& f = kp.fix;
  if (explicit_cidr) {
    fix = "set kube-proxy's --cluster-cidr (or clusterCIDR in its --config file) to " + want;
  } else if (f.kind == FixPlace::kConfigField) {
    if (f.origin.line > 0) {
      fix = "set clusterCIDR: \"" + want + "\" in " + f.origin.file + " at line " +
            std::to_string(f.origin.line) + " (now \"" +
            (kp.cluster_cidr ? kp.cluster_cidr->value : std::string()) + "\")";
    } else {
      fix = "add clusterCIDR: \"" + want + "\" at the top level of the KubeProxyConfiguration in " +
            f.origin.file;
    }
    if (kp.kubeadm) {
      return fix +
             "; kubeadm writes that file from ConfigMap kube-system/kube-proxy (key config.conf): "
             "kubectl -n kube-system edit configmap kube-proxy, then delete the kube-proxy pods "
             "so they restart (or set masqueradeAll: true instead)";
    }
  } else if (f.kind == FixPlace::kFlag) {
    fix = "change --cluster-cidr=" + (kp.cluster_cidr ? kp.cluster_cidr->value : std::string()) +
          " to --cluster-cidr=" + want + " at " + f.origin.ToString() + " (" + f.detail + ")";
  } else if (f.detail == "KUBE_PROXY_ARGS") {
    fix = "add --cluster-cidr=" + want + " to KUBE_PROXY_ARGS in " + f.origin.file;
  } else if (f.detail == "ExecStart=") {
    fix = "add --cluster-cidr=" + want + " to ExecStart= at " + f.origin.ToString();
  } else {
    fix = "add --cluster-cidr=" + want + " to kube-proxy's command line (" + f.detail + ")";
  }
  return fix + ", then restart kube-proxy (or set masqueradeAll: true instead)";
}

}  // namespace

Result<Report> CheckProxy(const ProxyCheckOptions& o) {
  Report r;
  std::vector<std::string> problems, notes;
  DiscoveryOptions d{o.root, o.kube_proxy_config, o.apiserver_manifest};

  // kube-proxy's side.
  KubeProxySettings kp;
  const bool explicit_cidr = !o.cluster_cidr.empty();
  if (explicit_cidr && o.kube_proxy_config.empty()) {
    kp.cluster_cidr =
        Setting{"--cluster-cidr", o.cluster_cidr, Origin{"knetctl command line", 0, 0}, "given"};
    kp.sources.push_back(*kp.cluster_cidr);
  } else {
    auto found = DiscoverKubeProxy(d);
    if (!found) return found.error();
    kp = std::move(*found);
    if (explicit_cidr) {
      kp.cluster_cidr =
          Setting{"--cluster-cidr", o.cluster_cidr, Origin{"knetctl command line", 0, 0}, "given"};
      kp.sources.push_back(*kp.cluster_cidr);
    }
  }
  for (auto& w : kp.warnings) r.Warn(w);
  for (auto& n : kp.notes) notes.push_back(n);

  // The apiserver's side.
  Setting svc;
  if (!o.service_cidr.empty()) {
    svc = Setting{"--service-cidr", o.service_cidr, Origin{"knetctl command line", 0, 0}, "given"};
  } else {
    auto found = DiscoverApiserver(d);
    if (!found) return found.error();
    if (!found->service_cidr) {
      return MakeError(
          ErrorCode::kNotFound,
          "failed to find the apiserver's --service-cluster-ip-range: no kube-apiserver "
          "process, /etc/kubernetes/manifests/kube-apiserver.yaml, kube-apiserver.service "
          "or /etc/kubernetes/apiserver sets it" +
              (o.root.empty() ? std::string() : " under " + o.root) +
              " (on a worker node pass --service-cidr CIDR, the cluster's service range)");
    }
    svc = *found->service_cidr;
  }

  auto service = ParseCidrList(svc.value, svc.name + " at " + svc.origin.ToStringWithColumn());
  if (!service) return service.error();
  if (service->networks.empty()) {
    return MakeError(
        ErrorCode::kInvalidConfig,
        "invalid " + svc.name + " at " + svc.origin.ToString() + ": empty service range");
  }
  for (const auto& h : service->host_bits)
    r.Warn("the service range " + h + " (" + svc.name + ", " + svc.origin.ToString() +
           ") has host bits set; compared as its network");
  CidrList cluster;
  if (kp.cluster_cidr) {
    auto c =
        ParseCidrList(kp.cluster_cidr->value, kp.cluster_cidr->name + " at " +
                                                  kp.cluster_cidr->origin.ToStringWithColumn());
    if (!c) return c.error();
    cluster = std::move(*c);
    for (size_t i = 0; i < cluster.written.size(); ++i) {
      if (!cluster.written[i].HasHostBits()) continue;
      r.Warn("kube-proxy's " + kp.cluster_cidr->name + " " + cluster.written[i].ToString() + " (" +
             kp.cluster_cidr->origin.ToString() + ") has host bits set; compared as " +
             cluster.networks[i].ToString() + " (write it that way)");
    }
  }

  const bool masq = kp.masquerade_all && kp.masquerade_all->value == "true";
  RangeComparison cmp = CompareRanges(cluster, *service);
  std::string verdict = masq ? "masquerade_all" : cmp.verdict;
  std::string fix;
  const std::string want = Join(service->networks);
  if (masq) {
    notes.push_back(kp.masquerade_all->name + " is true (" + kp.masquerade_all->origin.ToString() +
                    "): kube-proxy masquerades every packet to a Service, so pod->Service replies "
                    "come back through this node whatever the cluster CIDR");
  } else if (cmp.verdict != "match") {
    if (cluster.networks.empty()) {
      problems.push_back(
          "kube-proxy has no cluster CIDR, so it masquerades no pod->Service traffic: "
          "replies to pods reaching Services in " +
          want + " bypass this node and those connections fail");
    } else {
      for (const auto& f : cmp.families) {
        if (f.matched) continue;
        if (f.has_cluster) {
          problems.push_back("kube-proxy's cluster CIDR " + f.cluster.ToString() +
                             " does not match the service range " + f.service.ToString() +
                             ": pod->Service traffic to " + f.service.ToString() +
                             " from pods with addresses inside " + f.cluster.ToString() +
                             " is not masqueraded, so its replies bypass this node");
        } else {
          problems.push_back("kube-proxy's cluster CIDR has no " + Family(f.service) +
                             " range: " + Family(f.service) + " pod->Service traffic to " +
                             f.service.ToString() +
                             " is not masqueraded, so its replies bypass this node");
        }
      }
    }
    fix = FixText(kp, want, explicit_cidr);
  }
  for (const auto& e : cmp.extra) {
    notes.push_back("kube-proxy's cluster CIDR also has " + e.ToString() +
                    " but the service range has no " + Family(e) +
                    " range; it does not matter for Services");
  }

  // Cross-check with the CNI config: pods need a route for the service range via this node.
  std::optional<CniServiceRoutes> cni;
  if (!o.cni_config.empty()) {
    auto text = ReadFile(RootPath(o.root, o.cni_config));
    if (!text)
      return Error(text.error()).Wrap("failed to read the CNI config given with --cni-config");
    auto parsed = ParseCniServiceRoutes(*text, o.cni_config);
    if (!parsed) return parsed.error();
    cni = std::move(*parsed);
  } else {
    std::vector<std::string> skipped;
    auto found = FindCniConfig(o.root, kCniDir, &skipped);
    if (!found) return found.error();
    for (auto& s : skipped) notes.push_back(s);
    cni = std::move(*found);
  }
  ordered_json cni_json;  // null unless a config was checked
  std::vector<std::string> cni_text;
  if (!cni) {
    notes.push_back(std::string("no CNI config in ") + kCniDir +
                    ": route cross-check skipped (use --cni-config FILE)");
  } else if (!cni->has_macvlan) {
    notes.push_back("CNI config " + cni->file +
                    " has no macvlan plugin: route cross-check skipped");
    cni_json = {
        {"file", cni->file}, {"service_route", nullptr}, {"gw", nullptr}, {"gw_is_local", nullptr}};
  } else {
    auto local = ListLocalAddresses();
    if (!local) return local.error();
    std::string local_list;
    for (const auto& a : *local) {
      // Loopback and IPv6 link-local addresses cannot be a pod's route gw: not listed.
      bool link_local =
          a.addr.is_v6() && a.addr.bytes[0] == 0xfe && (a.addr.bytes[1] & 0xc0) == 0x80;
      if (a.ifname == "lo" || link_local) continue;
      local_list += (local_list.empty() ? "" : ", ") + a.addr.ToString() + " (" + a.ifname + ")";
    }
    if (local_list.empty()) local_list = "none besides loopback";
    ordered_json routes = ordered_json::array();
    for (const auto& svc_net : service->networks) {
      const CniRoute* best = nullptr;
      for (const auto& rt : cni->routes) {
        if (rt.dst.len == 0 || rt.dst.addr.family != svc_net.addr.family ||
            !rt.dst.Overlaps(svc_net))
          continue;
        if (!best || rt.dst.Network() == svc_net) best = &rt;
        if (rt.dst.Network() == svc_net) break;
      }
      ordered_json entry = {{"service_range", svc_net.ToString()},
                            {"service_route", nullptr},
                            {"gw", nullptr},
                            {"gw_is_local", nullptr}};
      if (!best) {
        problems.push_back(
            "CNI config " + cni->file + " has no route to the service range " + svc_net.ToString() +
            " in its macvlan ipam.routes: pods send Service traffic to their LAN gateway, "
            "not this node (\"No route to host\"); add {\"dst\":\"" +
            svc_net.ToString() + "\",\"gw\":\"<this node's shim address>\"}");
        cni_text.push_back("CNI config " + cni->file + ": no route to " + svc_net.ToString());
        routes.push_back(entry);
        continue;
      }
      const std::string where = "ipam.routes[" + std::to_string(best->index) + "] of " + cni->file;
      entry["service_route"] = best->dst.ToString();
      if (best->dst.Network() != svc_net || best->dst.HasHostBits()) {
        problems.push_back("the route " + best->dst.ToString() + " (" + where +
                           ") does not equal the service range " + svc_net.ToString() +
                           "; set \"dst\": \"" + svc_net.ToString() + "\"");
      }
      std::string line = "CNI config " + cni->file + ": route " + best->dst.ToString();
      if (!best->gw) {
        problems.push_back(
            "the route " + best->dst.ToString() + " (" + where +
            ") has no gw, so it does not lead to this node; set \"gw\" to this node's "
            "shim address (this node has: " +
            local_list + ")");
        line += " without gw";
      } else {
        bool is_local = false;
        for (const auto& a : *local) is_local |= a.addr == *best->gw;
        entry["gw"] = best->gw->ToString();
        entry["gw_is_local"] = is_local;
        line += " via " + best->gw->ToString() +
                (is_local ? " (an address of this node)" : " (NOT an address of this node)");
        if (!is_local) {
          problems.push_back("the gw " + best->gw->ToString() + " of the route to " +
                             best->dst.ToString() + " (" + where +
                             ") is not an address of this node (it has: " + local_list +
                             "): pods' Service traffic must go to this node's shim address");
        }
      }
      cni_text.push_back(line);
      routes.push_back(entry);
    }
    cni_json = {{"file", cni->file},
                {"service_route", routes[0]["service_route"]},
                {"gw", routes[0]["gw"]},
                {"gw_is_local", routes[0]["gw_is_local"]},
                {"routes", routes}};
  }

  // Render.
  ordered_json sources = ordered_json::array();
  for (const auto& s : kp.sources)
    sources.push_back({{"setting", s.name},
                       {"value", s.value},
                       {"file", s.origin.file},
                       {"line", LineOrNull(s.origin)}});
  ordered_json kpj;
  kpj["cluster_cidr"] = kp.cluster_cidr && !kp.cluster_cidr->value.empty()
                            ? ordered_json(kp.cluster_cidr->value)
                            : ordered_json();
  kpj["masquerade_all"] = masq;
  kpj["config_file"] = kp.config_file.empty() ? ordered_json() : ordered_json(kp.config_file);
  kpj["sources"] = sources;
  r.fields["kube_proxy"] = kpj;
  r.fields["apiserver"] = {{"service_cidr", svc.value}, {"source", svc.origin.ToString()}};
  r.fields["verdict"] = verdict;
  r.fields["problems"] = problems;
  r.fields["notes"] = notes;
  r.fields["fix"] = fix.empty() ? ordered_json() : ordered_json(fix);
  r.fields["cni"] = cni_json;

  r.text.push_back("kube-proxy cluster CIDR: " + (kp.cluster_cidr && !kp.cluster_cidr->value.empty()
                                                      ? Describe(*kp.cluster_cidr)
                                                      : std::string("(none)")));
  r.text.push_back("kube-proxy masqueradeAll: " + (kp.masquerade_all
                                                       ? Describe(*kp.masquerade_all)
                                                       : std::string("false (default)")));
  r.text.push_back("apiserver service range: " + Describe(svc));
  for (auto& l : cni_text) r.text.push_back(l);
  if (o.verbose > 0) {
    for (const auto& s : kp.sources)
      r.text.push_back("  source: " + s.name + "=" + s.value + " at " +
                       s.origin.ToStringWithColumn() + " (" + s.what + ")");
  }
  static const std::map<std::string, std::string> kVerdictText = {
      {"match", "match: kube-proxy masquerades pod->Service traffic"},
      {"masquerade_all", "ok: kube-proxy masquerades all Service traffic (masqueradeAll)"},
      {"mismatch", "MISMATCH: kube-proxy's cluster CIDR is not the service range"},
      {"missing", "MISSING: kube-proxy has no cluster CIDR for the service range"}};
  r.text.push_back("verdict: " + kVerdictText.at(verdict));
  for (const auto& p : problems) r.text.push_back("problem: " + p);
  if (!fix.empty()) r.text.push_back("fix: " + fix);
  for (const auto& n : notes) r.text.push_back("note: " + n);
  if (!problems.empty()) r.exit_status = kExitProblem;
  return r;
}

}  // namespace knetctl::kube
