// SPDX-License-Identifier: Apache-2.0
#include "core/kube/discovery.h"

#include <algorithm>

#include "core/files.h"
#include "core/kube/env_file.h"
#include "core/kube/flags.h"
#include "core/kube/kube_proxy_config.h"
#include "core/kube/proc_cmdline.h"
#include "core/kube/static_pod.h"
#include "core/kube/systemd_unit.h"

namespace knetctl::kube {
namespace {

constexpr const char* kProxyEnvFile = "/etc/kubernetes/proxy";
constexpr const char* kApiserverEnvFile = "/etc/kubernetes/apiserver";
constexpr const char* kKubeadmProxyConfig = "/var/lib/kube-proxy/config.conf";
constexpr const char* kApiserverManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";

// A shell-variable file read as a command line: `program` followed by the words of
// every variable, in order (the RPM layout's unit passes them all to the program).
Result<std::optional<CommandLine>> EnvFileCommandLine(const std::string& root,
                                                      const std::string& path,
                                                      const std::string& program) {
  auto text = ReadFile(RootPath(root, path));
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound) return std::optional<CommandLine>{};
    return text.error();
  }
  auto vars = ParseEnvFile(*text, path);
  if (!vars) return vars.error();
  CommandLine cl;
  cl.what = "file " + path;
  cl.origin = Origin{path, 0, 0};
  cl.args.push_back(Arg{program, cl.origin});
  for (const auto& v : *vars) {
    auto words = SplitWords(v.value.value);
    if (!words) return Error(words.error()).Wrap("failed to parse " + v.name + " in " + path);
    for (auto& w : *words) cl.args.push_back(std::move(w));
  }
  return std::optional<CommandLine>(std::move(cl));
}

bool References(const CommandLine& cl, const std::string& env_file) {
  return std::find(cl.env_files.begin(), cl.env_files.end(), env_file) != cl.env_files.end();
}

// The command lines of `program`: processes, its unit, and its shell-variable file when
// no unit reads that file.
Result<std::vector<CommandLine>> CommandLines(const std::string& root, const std::string& program,
                                              const std::string& env_file) {
  std::vector<CommandLine> out = FindProcesses(root, program);
  auto unit = LoadUnitCommandLine(root, program + ".service");
  if (!unit) return unit.error();
  bool env_file_used = false;
  if (*unit) {
    env_file_used = References(**unit, env_file);
    if (!(*unit)->args.empty()) out.push_back(std::move(**unit));
  }
  if (!env_file_used) {
    auto f = EnvFileCommandLine(root, env_file, program);
    if (!f) return f.error();
    if (*f) out.push_back(std::move(**f));
  }
  return out;
}

// One flag across several command lines: each line may set it once (FindFlag), and
// lines that set it must agree.
Result<std::optional<FlagSetting>> AgreedFlag(const std::vector<CommandLine>& lines,
                                              const std::string& name, bool is_bool,
                                              std::vector<FlagSetting>* all) {
  std::optional<FlagSetting> first;
  for (const auto& cl : lines) {
    auto f = FindFlag(cl, name, is_bool);
    if (!f) return f.error();
    if (!*f) continue;
    if (all) all->push_back(**f);
    if (is_bool && !ParseGoBool((*f)->value)) {
      return MakeError(ErrorCode::kInvalidConfig, "invalid --" + name + "=" + (*f)->value + " at " +
                                                      (*f)->origin.ToStringWithColumn() + " (" +
                                                      cl.what + "): must be true or false");
    }
    if (!first) {
      first = *f;
      continue;
    }
    bool same = is_bool ? ParseGoBool(first->value) == ParseGoBool((*f)->value)
                        : first->value == (*f)->value;
    if (!same) {
      return MakeError(ErrorCode::kInvalidConfig,
                       "conflicting --" + name + ": \"" + first->value + "\" at " +
                           first->origin.ToStringWithColumn() + " (" + first->what + ") but \"" +
                           (*f)->value + "\" at " + (*f)->origin.ToStringWithColumn() + " (" +
                           (*f)->what + "); make them agree (and restart the service)");
    }
    // Same value: report a place with a line (a file) rather than a process's cmdline.
    if (first->origin.line == 0 && (*f)->origin.line > 0) first = *f;
  }
  return first;
}

Setting FromFlag(const FlagSetting& f) { return Setting{"--" + f.name, f.value, f.origin, f.what}; }

// Reads and parses a KubeProxyConfiguration; `candidates` are node paths tried in order.
Result<std::pair<KubeProxyConfig, std::string>> LoadProxyConfig(
    const std::string& root, const std::vector<std::string>& candidates, const std::string& why) {
  Error last;
  for (const auto& path : candidates) {
    auto text = ReadFile(RootPath(root, path));
    if (!text) {
      last = text.error();
      if (text.error().code == ErrorCode::kNotFound) continue;
      return Error(text.error())
          .Wrap("failed to read kube-proxy config " + path + " (" + why + ")");
    }
    auto cfg = ParseKubeProxyConfig(*text, path);
    if (!cfg) return cfg.error();
    return std::make_pair(std::move(*cfg), path);
  }
  return MakeError(last.code, "failed to read kube-proxy config " + candidates.back() + " (" + why +
                                  "): " + last.msg);
}

}  // namespace

Result<KubeProxySettings> DiscoverKubeProxy(const DiscoveryOptions& opts) {
  KubeProxySettings s;
  std::vector<CommandLine> lines;
  std::vector<std::string> config_candidates;
  std::string config_why;
  std::optional<FlagSetting> cidr_flag, masq_flag;

  if (!opts.kube_proxy_config.empty()) {
    config_candidates = {opts.kube_proxy_config};
    config_why = "given with --kube-proxy-config";
  } else {
    auto found = CommandLines(opts.root, "kube-proxy", kProxyEnvFile);
    if (!found) return found.error();
    lines = std::move(*found);
    std::vector<FlagSetting> all;
    auto cidr = AgreedFlag(lines, "cluster-cidr", false, &all);
    if (!cidr) return cidr.error();
    auto masq = AgreedFlag(lines, "masquerade-all", true, &all);
    if (!masq) return masq.error();
    auto config = AgreedFlag(lines, "config", false, nullptr);
    if (!config) return config.error();
    cidr_flag = *cidr;
    masq_flag = *masq;
    for (const auto& f : all) s.sources.push_back(FromFlag(f));
    if (*config) {
      s.sources.push_back(FromFlag(**config));
      const std::string path = (*config)->value;
      // A containerised kube-proxy sees its own mount namespace: look through the
      // process's root first, then at the same path on the node.
      for (const auto& cl : lines) {
        if (cl.what.starts_with("process ") && cl.origin.file.ends_with("/cmdline")) {
          std::string proc_dir = cl.origin.file.substr(0, cl.origin.file.size() - 8);
          config_candidates.push_back(proc_dir + "/root" + (path.starts_with("/") ? "" : "/") +
                                      path);
        }
      }
      config_candidates.push_back(path);
      config_why = "--config at " + (*config)->origin.ToString();
    } else if (lines.empty()) {
      if (!PathExists(RootPath(opts.root, kKubeadmProxyConfig))) {
        return MakeError(ErrorCode::kNotFound,
                         "failed to find kube-proxy's settings: no kube-proxy process in /proc, no "
                         "kube-proxy.service unit, no " +
                             std::string(kProxyEnvFile) + ", no " + kKubeadmProxyConfig +
                             (opts.root.empty() ? std::string() : " under " + opts.root) +
                             "; pass --kube-proxy-config FILE or --cluster-cidr CIDR");
      }
      config_candidates = {kKubeadmProxyConfig};
      config_why = "kubeadm's kube-proxy ConfigMap mount";
      s.notes.push_back(
          "kube-proxy runs from kubeadm's ConfigMap kube-system/kube-proxy (no process or unit "
          "found); read " +
          std::string(kKubeadmProxyConfig));
    }
  }

  if (!config_candidates.empty()) {
    auto loaded = LoadProxyConfig(opts.root, config_candidates, config_why);
    if (!loaded) return loaded.error();
    const auto& [cfg, path] = *loaded;
    s.config_file = path;
    s.kubeadm = path.ends_with(kKubeadmProxyConfig);
    if (cfg.cluster_cidr) {
      s.cluster_cidr =
          Setting{"clusterCIDR", *cfg.cluster_cidr, cfg.cluster_cidr_origin, "config " + path};
      s.sources.push_back(*s.cluster_cidr);
      s.fix = FixPlace{FixPlace::kConfigField, cfg.cluster_cidr_origin, "clusterCIDR"};
    } else {
      s.fix = FixPlace{FixPlace::kConfigField, Origin{path, 0, 0}, "clusterCIDR"};
    }
    if (cfg.masquerade_all) {
      s.masquerade_all = Setting{cfg.masquerade_all_key, *cfg.masquerade_all ? "true" : "false",
                                 cfg.masquerade_all_origin, "config " + path};
      s.sources.push_back(*s.masquerade_all);
    }
    // The config file wins over flags (kube-proxy ignores them when --config is given).
    if (cidr_flag && (!cfg.cluster_cidr || *cfg.cluster_cidr != cidr_flag->value)) {
      s.warnings.push_back(
          "--cluster-cidr=" + cidr_flag->value + " at " + cidr_flag->origin.ToString() +
          " is ignored: kube-proxy reads clusterCIDR from its --config file " + path);
    }
    if (masq_flag && ParseGoBool(masq_flag->value) != cfg.masquerade_all.value_or(false)) {
      s.warnings.push_back(
          "--masquerade-all=" + masq_flag->value + " at " + masq_flag->origin.ToString() +
          " is ignored: kube-proxy reads masqueradeAll from its --config file " + path);
    }
    return s;
  }

  // Flags only.
  if (cidr_flag) {
    s.cluster_cidr = FromFlag(*cidr_flag);
    s.fix = FixPlace{FixPlace::kFlag, cidr_flag->origin, cidr_flag->what};
  }
  if (masq_flag) {
    s.masquerade_all = FromFlag(*masq_flag);
    s.masquerade_all->value = *ParseGoBool(masq_flag->value) ? "true" : "false";
  }
  if (!cidr_flag) {
    // Where to add the flag: the variable file a unit reads, else the unit, else the
    // only place we saw the process.
    const CommandLine* unit = nullptr;
    for (const auto& cl : lines)
      if (cl.what.starts_with("unit ")) unit = &cl;
    if (unit && References(*unit, kProxyEnvFile)) {
      s.fix = FixPlace{FixPlace::kAddFlag, Origin{kProxyEnvFile, 0, 0}, "KUBE_PROXY_ARGS"};
    } else if (unit) {
      s.fix = FixPlace{FixPlace::kAddFlag, unit->origin, "ExecStart="};
    } else {
      const CommandLine* file = nullptr;
      for (const auto& cl : lines)
        if (cl.what.starts_with("file ")) file = &cl;
      if (file)
        s.fix = FixPlace{FixPlace::kAddFlag, Origin{kProxyEnvFile, 0, 0}, "KUBE_PROXY_ARGS"};
      else
        s.fix = FixPlace{FixPlace::kAddFlag, lines.front().origin, lines.front().what};
    }
  }
  return s;
}

Result<ApiserverSettings> DiscoverApiserver(const DiscoveryOptions& opts) {
  ApiserverSettings s;
  std::vector<CommandLine> lines;
  auto add_manifest = [&](const std::string& path, bool required) -> Status {
    auto text = ReadFile(RootPath(opts.root, path));
    if (!text) {
      if (!required && text.error().code == ErrorCode::kNotFound) return {};
      return Error(text.error()).Wrap("failed to read the apiserver manifest");
    }
    auto cl = ParseStaticPodCommand(*text, path, "kube-apiserver");
    if (!cl) return cl.error();
    lines.push_back(std::move(*cl));
    return {};
  };
  if (!opts.apiserver_manifest.empty()) {
    KNETCTL_TRY(add_manifest(opts.apiserver_manifest, true));
  } else {
    auto found = CommandLines(opts.root, "kube-apiserver", kApiserverEnvFile);
    if (!found) return found.error();
    lines = std::move(*found);
    KNETCTL_TRY(add_manifest(kApiserverManifest, false));
  }
  std::vector<FlagSetting> all;
  auto range = AgreedFlag(lines, "service-cluster-ip-range", false, &all);
  if (!range) return range.error();
  for (const auto& f : all) s.sources.push_back(FromFlag(f));
  if (*range) s.service_cidr = FromFlag(**range);
  return s;
}

}  // namespace knetctl::kube
