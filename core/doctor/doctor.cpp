// SPDX-License-Identifier: Apache-2.0
#include "core/doctor/doctor.h"

#include "core/doctor/cni_check.h"
#include "core/doctor/finding.h"
#include "core/doctor/store_check.h"
#include "core/firewall/fw_fix.h"
#include "core/kube/proxy_check.h"
#include "core/shim/shim.h"

namespace knetctl::doctor {
namespace {

// " --root R --netns N": appended to every fix so it can be pasted as is.
std::string FixFlags(const GlobalOptions& g) {
  std::string f;
  if (!g.root.empty() && g.root != "/") f += " --root " + g.root;
  if (!g.netns.empty()) f += " --netns " + g.netns;
  return f;
}

// A field as text, whatever its JSON type (reports evolve; doctor must not throw).
std::string Text(const nlohmann::ordered_json& j, const char* key, const std::string& fallback = "") {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return fallback;
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> StringsOf(const nlohmann::ordered_json& j) {
  std::vector<std::string> v;
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) v.push_back(e.get<std::string>());
  return v;
}

// kube-proxy vs apiserver: the `proxy check` logic, as findings. Returns the service
// range it found, for the CNI checks.
std::optional<IpPrefix> CheckKubeProxy(const DoctorOptions& o, const GlobalOptions& g,
                                      std::vector<Finding>& out) {
  kube::ProxyCheckOptions p;
  p.root = g.root;
  p.cluster_cidr = o.cluster_cidr;
  p.service_cidr = o.service_cidr;
  p.kube_proxy_config = o.kube_proxy_config;
  p.apiserver_manifest = o.apiserver_manifest;
  auto r = kube::CheckProxy(p);
  if (!r) {
    if (r.error().code == ErrorCode::kNotFound) {
      // A node without kube-proxy settings in reach (e.g. a worker whose kube-proxy is not
      // running yet): nothing is known to be wrong.
      out.push_back({"kube-proxy", Verdict::kWarn, "kube-proxy's ranges cannot be checked: settings not found",
                     {r.error().msg},
                     "knetctl doctor --cluster-cidr <kube-proxy's> --service-cidr <the apiserver's>" + FixFlags(g)});
    } else {
      out.push_back({"kube-proxy", Verdict::kFail, "cannot check kube-proxy's ranges", {r.error().msg},
                     "correct the file named above, then: knetctl proxy check" + FixFlags(g)});
    }
    if (!o.service_cidr.empty()) {
      if (auto s = IpPrefix::Parse(o.service_cidr); s) return s->Network();
    }
    return std::nullopt;
  }
  std::optional<IpPrefix> service;
  const auto& api = r->fields["apiserver"];
  if (api.is_object() && api["service_cidr"].is_string()) {
    // Dual-stack ranges are comma-separated; the IPv4 one is the shim's concern.
    std::string s = api["service_cidr"].get<std::string>();
    auto comma = s.find(',');
    auto first = IpPrefix::Parse(s.substr(0, comma));
    if (first) service = first->Network();
  }
  std::string fix;
  if (r->fields.contains("fix") && r->fields["fix"].is_string()) fix = r->fields["fix"].get<std::string>();
  std::vector<std::string> evidence;
  for (const auto& t : r->text)
    if (t.rfind("fix: ", 0) != 0 && t.rfind("verdict: ", 0) != 0) evidence.push_back(t);
  if (r->exit_status == kExitOk) {
    out.push_back({"kube-proxy", Verdict::kPass,
                   "kube-proxy masquerades pod->Service traffic (verdict: " +
                       Text(r->fields, "verdict", "ok") + ")",
                   evidence, ""});
  } else {
    std::vector<std::string> problems = StringsOf(r->fields["problems"]);
    out.push_back({"kube-proxy", Verdict::kFail,
                   problems.empty() ? "kube-proxy's ranges do not match" : problems.front(), evidence,
                   fix.empty() ? "knetctl proxy check" + FixFlags(g) : fix});
  }
  return service;
}

void CheckShim(const std::string& master, const DoctorOptions& o, const GlobalOptions& g,
               std::vector<Finding>& out) {
  if (master.empty()) {
    out.push_back({"host-pod", Verdict::kWarn, "no CNI master known: the shim is not checked", {},
                   "knetctl doctor --master <LAN interface>" + FixFlags(g)});
    return;
  }
  shim::ShimRef ref;
  ref.master = master;
  ref.name = o.shim;
  GlobalOptions ro = g;
  ro.dry_run = true;
  auto r = shim::ShimStatus(ref, ro);
  if (!r) {
    out.push_back({"host-pod", Verdict::kFail, "cannot check the shim on " + master, {r.error().msg},
                   "knetctl shim up --master " + master + FixFlags(g)});
    return;
  }
  const auto& shim_field = r->fields["shim"];
  std::string shim_name = shim_field.is_object() ? Text(shim_field, "name") : Text(r->fields, "shim");
  if (r->exit_status == kExitOk) {
    out.push_back({"host-pod", Verdict::kPass,
                   "shim " + shim_name + " on " + master + " holds the node's address and is persisted as " +
                       Text(r->fields, "persist", "?"),
                   r->text, ""});
    return;
  }
  std::vector<std::string> problems = StringsOf(r->fields["problems"]);
  std::string first = problems.empty() ? "the shim is not set up" : problems.front();
  std::vector<std::string> evidence(problems.begin() + (problems.empty() ? 0 : 1), problems.end());
  for (const auto& t : r->text)
    if (t.rfind("problem: ", 0) != 0) evidence.push_back(t);
  out.push_back({"host-pod", Verdict::kFail, first + ": the host cannot reach its macvlan pods", evidence,
                 "knetctl shim up --master " + master + (o.shim.empty() ? "" : " --name " + o.shim) + FixFlags(g)});
}

void CheckFirewall(const DoctorOptions& o, const GlobalOptions& g, std::vector<Finding>& out) {
  firewall::FwOptions f;
  f.check = true;
  f.backend = o.backend;
  f.family = "all";
  GlobalOptions ro = g;
  ro.dry_run = true;
  auto r = firewall::FwRun(f, ro);
  if (!r) {
    out.push_back({"firewall", Verdict::kFail, "cannot check the firewall", {r.error().msg}, ""});
    return;
  }
  std::string backend = Text(r->fields, "backend", "?");
  if (r->exit_status == kExitOk) {
    out.push_back({"firewall", Verdict::kPass,
                   "no REJECT --reject-with icmp-host-prohibited live or persisted (backend " + backend + ")",
                   r->text, ""});
  } else {
    out.push_back({"firewall", Verdict::kFail,
                   "the REJECT rule answers pod->Service traffic with \"No route to host\"", r->text,
                   "knetctl fw fix --family all" + FixFlags(g)});
  }
  const auto& fwd = r->fields["firewalld"];
  std::string state = fwd.is_string() ? fwd.get<std::string>() : Text(fwd, "state", "unknown");
  if (state == "active") {
    out.push_back({"firewall", Verdict::kWarn, "firewalld is active: it restores its own rules", {},
                   "knetctl fw fix --disable-firewalld" + FixFlags(g)});
  } else {
    out.push_back({"firewall", Verdict::kInfo, "firewalld: " + state, {}, ""});
  }
  for (const auto& w : r->warnings) out.push_back({"firewall", Verdict::kWarn, w, {}, ""});
}

}  // namespace

Result<Report> RunDoctor(const DoctorOptions& o, const GlobalOptions& g) {
  std::vector<Finding> findings;
  auto service = CheckKubeProxy(o, g, findings);

  CniCheckInput ci;
  ci.root = g.root;
  ci.dir = o.cni_dir;
  ci.service_cidr = service;
  ci.fix_flags = FixFlags(g);
  auto cni = DiagnoseCni(ci);
  for (auto& f : cni.findings) findings.push_back(std::move(f));

  if (cni.chosen && cni.chosen->ipam) {
    StoreCheckInput si;
    si.root = g.root;
    si.network = cni.chosen->network;
    si.config_file = cni.chosen->file;
    si.ipam = *cni.chosen->ipam;
    // The runtime is asked only about the real node, never for a --root tree.
    if (g.root.empty() || g.root == "/") si.running = RunningSandboxes();
    si.fix_flags = FixFlags(g);
    for (auto& f : DiagnoseStore(si)) findings.push_back(std::move(f));
  }

  std::string master = o.master;
  if (master.empty() && cni.chosen) master = cni.chosen->master;
  if (master.empty()) master = DefaultRouteInterface();
  CheckShim(master, o, g, findings);
  CheckFirewall(o, g, findings);

  // Present in the order of the story: CNI, leases, host<->pod, firewall, kube-proxy.
  static const char* kOrder[] = {"cni", "ipam", "host-pod", "firewall", "kube-proxy"};
  std::vector<Finding> ordered;
  for (const char* area : kOrder)
    for (const auto& f : findings)
      if (f.area == area) ordered.push_back(f);

  Report r;
  int counts[4] = {0, 0, 0, 0};
  for (const auto& f : ordered) ++counts[static_cast<int>(f.verdict)];
  r.fields["findings"] = FindingsJson(ordered);
  r.fields["summary"] = {{"pass", counts[0]}, {"warn", counts[2]}, {"fail", counts[3]}, {"info", counts[1]}};
  r.text = FindingsTable(ordered);
  r.exit_status = counts[static_cast<int>(Verdict::kFail)] > 0 ? kExitProblem : kExitOk;
  return r;
}

}  // namespace knetctl::doctor
