// SPDX-License-Identifier: Apache-2.0
#include "core/doctor/finding.h"

namespace knetctl::doctor {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "PASS";
    case Verdict::kInfo: return "INFO";
    case Verdict::kWarn: return "WARN";
    case Verdict::kFail: return "FAIL";
  }
  return "?";
}

nlohmann::ordered_json FindingsJson(const std::vector<Finding>& findings) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    nlohmann::ordered_json j;
    j["area"] = f.area;
    j["status"] = VerdictName(f.verdict);
    j["message"] = f.message;
    j["evidence"] = f.evidence;
    j["fix"] = f.fix;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<std::string> FindingsTable(const std::vector<Finding>& findings) {
  std::vector<std::string> lines;
  int counts[4] = {0, 0, 0, 0};
  std::string area;
  for (const auto& f : findings) {
    ++counts[static_cast<int>(f.verdict)];
    if (f.area != area) {
      area = f.area;
      lines.push_back("== " + area);
    }
    lines.push_back(std::string("[") + VerdictName(f.verdict) + "] " + f.message);
    for (const auto& e : f.evidence) lines.push_back("       " + e);
    if (!f.fix.empty()) lines.push_back("       fix: " + f.fix);
  }
  lines.push_back("== summary: " + std::to_string(counts[0]) + " PASS, " + std::to_string(counts[2]) +
                  " WARN, " + std::to_string(counts[3]) + " FAIL, " + std::to_string(counts[1]) + " INFO");
  return lines;
}

}  // namespace knetctl::doctor
