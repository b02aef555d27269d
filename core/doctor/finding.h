// SPDX-License-Identifier: Apache-2.0
// One diagnosis of `knetctl doctor`, kube-bench style: PASS / WARN / FAIL with the
// evidence and the exact command that fixes it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace knetctl::doctor {

/// How a check came out. INFO is context (e.g. "cannot tell here"), never a problem.
enum class Verdict { kPass, kInfo, kWarn, kFail };

/// "PASS", "INFO", "WARN", "FAIL".
const char* VerdictName(Verdict v);

/// One check's outcome.
struct Finding {
  std::string area;                 ///< cni, ipam, host-pod, firewall, kube-proxy
  Verdict verdict = Verdict::kPass;
  std::string message;              ///< one line: what was found
  std::vector<std::string> evidence;///< what it was read from / measured
  std::string fix;                  ///< the command (or edit) that fixes it; empty for PASS
};

/// The findings as the JSON array `doctor -o json` prints.
nlohmann::ordered_json FindingsJson(const std::vector<Finding>& findings);

/// The findings as a table for humans, with a summary line at the end.
std::vector<std::string> FindingsTable(const std::vector<Finding>& findings);

}  // namespace knetctl::doctor
