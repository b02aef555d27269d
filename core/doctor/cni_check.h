// SPDX-License-Identifier: Apache-2.0
// `doctor`'s look at /etc/cni/net.d: what a runtime would load, and whether that
// network can work on this node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/doctor/finding.h"
#include "plugins/host-local/config.h"

namespace knetctl::doctor {

/// The configuration a runtime would pick, as far as doctor needs it.
struct ChosenNetwork {
  std::string file;                        ///< node path
  std::string network;                     ///< network name
  std::string plugin_type;                 ///< "macvlan" or "knetctl-cni"
  std::string master;                      ///< resolved (default-route interface if unset)
  std::string ipam_type;
  std::optional<hostlocal::IpamConfig> ipam;  ///< when ipam.type is host-local
};

/// Inputs of the CNI checks.
struct CniCheckInput {
  std::string root;
  std::string dir = "/etc/cni/net.d";
  std::optional<IpPrefix> service_cidr;    ///< the apiserver's range, when known
  std::string fix_flags;                   ///< " --root R --netns N" appended to fixes
};

/// Findings plus the chosen network (nullopt when no file loads).
struct CniDiagnosis {
  std::vector<Finding> findings;
  std::optional<ChosenNetwork> chosen;
};

/// Every file parses (line:column otherwise); which one a runtime picks (lexical order,
/// first valid); its master exists; ranges are valid and do not overlap other networks,
/// the service range or this node's addresses; the service route is present and its gw
/// is an address of this node. Runs in the current netns.
CniDiagnosis DiagnoseCni(const CniCheckInput& in);

/// The interface of the IPv4 default route in the current netns ("" when none).
std::string DefaultRouteInterface();

}  // namespace knetctl::doctor
