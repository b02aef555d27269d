// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/report.h"
#include "core/result.h"

namespace knetctl::kube {

/// Inputs of `knetctl proxy check`. Explicit values override discovery; every path is a
/// node path that `root` prefixes.
struct ProxyCheckOptions {
  std::string root;
  std::string cluster_cidr;        ///< --cluster-cidr: kube-proxy's range, no discovery
  std::string service_cidr;        ///< --service-cidr: the service range, no discovery
  std::string kube_proxy_config;   ///< --kube-proxy-config FILE
  std::string apiserver_manifest;  ///< --apiserver-manifest FILE
  std::string cni_config;          ///< --cni-config FILE (else <root>/etc/cni/net.d)
  int verbose = 0;
};

/// Checks that kube-proxy masquerades pod->Service traffic on a macvlan node: its cluster
/// CIDR equals the apiserver's service range (or masqueradeAll is true), and the CNI
/// config routes the service range via an address of this node (current netns).
/// Problems set exit_status 1; unreadable or malformed input is an Error.
Result<Report> CheckProxy(const ProxyCheckOptions& opts);

}  // namespace knetctl::kube
