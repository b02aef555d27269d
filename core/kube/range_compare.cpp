// SPDX-License-Identifier: Apache-2.0
#include "core/kube/range_compare.h"

namespace knetctl::kube {

Result<CidrList> ParseCidrList(const std::string& text, const std::string& what) {
  CidrList out;
  size_t start = 0;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  if (trim(text).empty()) return out;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item =
        trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    auto p = IpPrefix::Parse(item);
    if (!p) {
      return MakeError(ErrorCode::kInvalidConfig,
                       "invalid " + what + " \"" + text + "\": " + p.error().msg);
    }
    for (const auto& q : out.written) {
      if (q.addr.family == p->addr.family) {
        return MakeError(
            ErrorCode::kInvalidConfig,
            "invalid " + what + " \"" + text +
                "\": at most one IPv4 and one IPv6 range are allowed (dual-stack), got " +
                q.ToString() + " and " + p->ToString());
      }
    }
    out.written.push_back(*p);
    out.networks.push_back(p->Network());
    if (p->HasHostBits()) out.host_bits.push_back(p->ToString());
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

RangeComparison CompareRanges(const CidrList& cluster, const CidrList& service) {
  RangeComparison r;
  bool mismatch = false, missing = false;
  for (const auto& svc : service.networks) {
    FamilyVerdict f;
    f.service = svc;
    for (const auto& c : cluster.networks) {
      if (c.addr.family != svc.addr.family) continue;
      f.has_cluster = true;
      f.cluster = c;
      f.matched = c == svc;
    }
    if (!f.has_cluster)
      missing = true;
    else if (!f.matched)
      mismatch = true;
    r.families.push_back(f);
  }
  for (const auto& c : cluster.networks) {
    bool family_served = false;
    for (const auto& svc : service.networks) family_served |= svc.addr.family == c.addr.family;
    if (!family_served) r.extra.push_back(c);
  }
  r.verdict = mismatch ? "mismatch" : missing ? "missing" : "match";
  return r;
}

}  // namespace knetctl::kube
