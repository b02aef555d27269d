// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// The fields of a KubeProxyConfiguration that decide pod->Service masquerading.
struct KubeProxyConfig {
  std::optional<std::string> cluster_cidr;  ///< `clusterCIDR` as written (may be "")
  Origin cluster_cidr_origin;
  std::optional<bool> masquerade_all;  ///< `masqueradeAll` (top level, iptables., linux.)
  Origin masquerade_all_origin;
  std::string masquerade_all_key = "masqueradeAll";  ///< e.g. "iptables.masqueradeAll"
  Origin document;                                   ///< where the KubeProxyConfiguration starts
};

/// Parses a kube-proxy --config file (kubeadm's /var/lib/kube-proxy/config.conf). The
/// document with `kind: KubeProxyConfiguration` is used. Malformed YAML, a missing
/// KubeProxyConfiguration, a non-string clusterCIDR, a non-boolean masqueradeAll or the
/// same field twice with different values are errors with file:line:column.
Result<KubeProxyConfig> ParseKubeProxyConfig(const std::string& text, const std::string& file);

}  // namespace knetctl::kube
