// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// One flag's effective value in a command line, and where it was written.
struct FlagSetting {
  std::string name;   ///< without dashes: "cluster-cidr"
  std::string value;  ///< "true" for a bare boolean flag
  Origin origin;
  std::string what;  ///< the command line it came from ("unit kube-proxy.service")
};

/// Finds `--name` in a command line (argv[0] skipped, "--" ends the flags), in both
/// `--name=value` and `--name value` forms; boolean flags (`is_bool`, and the known
/// boolean flags of kube-proxy and kube-apiserver) never take the next argument.
/// The same flag twice with different values is an error naming both places; twice
/// with the same value is fine. nullopt when absent.
Result<std::optional<FlagSetting>> FindFlag(const CommandLine& cl, const std::string& name,
                                            bool is_bool = false);

/// Parses a boolean the way Go's strconv.ParseBool does (1 t T TRUE true True, 0 f ...).
std::optional<bool> ParseGoBool(const std::string& text);

}  // namespace knetctl::kube
