// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// One setting as found: its name as written, value and where.
struct Setting {
  std::string name;  ///< "--cluster-cidr", "clusterCIDR", "--service-cluster-ip-range"
  std::string value;
  Origin origin;
  std::string what;  ///< the command line or file kind it came from
};

/// Where discovery looks (all paths are node paths; `root` prefixes them).
struct DiscoveryOptions {
  std::string root;
  std::string kube_proxy_config;   ///< explicit KubeProxyConfiguration file: no other search
  std::string apiserver_manifest;  ///< explicit static pod manifest: no other search
};

/// Where the fix for kube-proxy's cluster CIDR goes.
struct FixPlace {
  enum Kind { kConfigField, kFlag, kAddFlag } kind = kAddFlag;
  Origin origin;       ///< the file (and line) to edit
  std::string detail;  ///< e.g. "KUBE_PROXY_ARGS", "ExecStart=", "process 1234"
};

/// kube-proxy's effective settings and every source seen.
struct KubeProxySettings {
  std::optional<Setting> cluster_cidr;    ///< effective; nullopt or "" -> none
  std::optional<Setting> masquerade_all;  ///< effective, value "true"/"false"
  std::string config_file;                ///< KubeProxyConfiguration in use (node path) or ""
  std::vector<Setting> sources;           ///< every setting seen, effective or not
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
  FixPlace fix;
  bool kubeadm = false;  ///< config from kubeadm's ConfigMap mount
};

/// The apiserver's service range and every source seen.
struct ApiserverSettings {
  std::optional<Setting> service_cidr;
  std::vector<Setting> sources;
};

/// Finds kube-proxy's effective --cluster-cidr / clusterCIDR and masquerade-all: running
/// processes (<root>/proc/*/cmdline), the kube-proxy.service unit (drop-ins,
/// EnvironmentFile=), /etc/kubernetes/proxy, the --config file (which wins over flags)
/// or kubeadm's /var/lib/kube-proxy/config.conf. Different values for one setting in two
/// places are an error naming both. Error when kube-proxy is found nowhere.
Result<KubeProxySettings> DiscoverKubeProxy(const DiscoveryOptions& opts);

/// Finds kube-apiserver's --service-cluster-ip-range: processes, the static pod
/// manifest, the kube-apiserver.service unit, /etc/kubernetes/apiserver. Conflicting
/// values are an error naming both places; nullopt service_cidr when none is found.
Result<ApiserverSettings> DiscoverApiserver(const DiscoveryOptions& opts);

}  // namespace knetctl::kube
