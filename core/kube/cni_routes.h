// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cidr.h"
#include "core/result.h"

namespace knetctl::kube {

// A deliberately small reader of the few CNI fields `proxy check` needs (the macvlan
// plugin entry's ipam.routes). The plugin's full NetConf parser lives in plugins/; this
// file is kept self-contained so the two can be unified later.

/// One entry of ipam.routes.
struct CniRoute {
  IpPrefix dst;
  std::optional<IpAddress> gw;
  int index = 0;  ///< position in ipam.routes
};

/// What `proxy check` needs from a CNI network configuration.
struct CniServiceRoutes {
  std::string file;  ///< node path
  std::string name;  ///< the network's name
  bool has_macvlan = false;
  std::string plugin_type;  ///< type of the plugin entry the routes came from
  std::vector<CniRoute> routes;
};

/// Parses a .conf/.json (one plugin) or .conflist (`plugins` list; the macvlan entry is
/// used: type "macvlan" or "knetctl-cni"). Malformed JSON is an error with
/// file:line:column; a route without a valid `dst` CIDR or with an invalid `gw` is an
/// error naming the field.
Result<CniServiceRoutes> ParseCniServiceRoutes(const std::string& text, const std::string& file);

/// The configuration a runtime would pick from `dir` under `root` (libcni: *.conf,
/// *.conflist, *.json in lexical order, the first that loads). Files that do not load
/// are skipped and described in `skipped`. nullopt when none loads.
Result<std::optional<CniServiceRoutes>> FindCniConfig(const std::string& root,
                                                      const std::string& dir,
                                                      std::vector<std::string>* skipped);

}  // namespace knetctl::kube
