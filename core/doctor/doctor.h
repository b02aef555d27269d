// SPDX-License-Identifier: Apache-2.0
// `knetctl doctor`: the whole macvlan-node story diagnosed in one read-only run.
#pragma once

#include <string>

#include "core/report.h"
#include "core/result.h"

namespace knetctl::doctor {

/// Inputs of `knetctl doctor`; empty strings mean "discover".
struct DoctorOptions {
  std::string master;              ///< the CNI master (default: the chosen CNI config's)
  std::string shim;                ///< the shim's name (default: derived from the master)
  std::string cni_dir = "/etc/cni/net.d";
  std::string service_cidr;        ///< override the apiserver's service range
  std::string cluster_cidr;        ///< override kube-proxy's cluster CIDR
  std::string kube_proxy_config;   ///< kube-proxy --config file
  std::string apiserver_manifest;  ///< kube-apiserver static pod manifest
  std::string backend = "auto";    ///< firewall backend
};

/// Runs every check (CNI configuration, lease store, host<->pod shim, firewall,
/// kube-proxy) in the current netns under `global.root`. Changes nothing. Report.fields
/// holds `findings` and `summary`; exit_status is 1 when anything FAILs.
Result<Report> RunDoctor(const DoctorOptions& opts, const GlobalOptions& global);

}  // namespace knetctl::doctor
