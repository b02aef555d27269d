// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/config.h"

#include <sstream>

#include "core/files.h"

namespace knetctl::hostlocal {
namespace {

using Json = nlohmann::json;

Error Bad(const std::string& msg) { return MakeError(ErrorCode::kInvalidConfig, msg); }

Result<std::string> OptString(const Json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return std::string();
  if (!j[key].is_string()) return Bad(where + "." + key + " must be a string, got " + j[key].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return j[key].get<std::string>();
}

Result<std::optional<IpAddress>> OptIp(const Json& j, const char* key, const std::string& where) {
  auto s = OptString(j, key, where);
  if (!s) return s.error();
  if (s->empty()) return std::optional<IpAddress>();
  auto ip = IpAddress::Parse(*s);
  if (!ip) return Bad(where + "." + key + ": \"" + *s + "\" is not an IP address");
  return std::optional<IpAddress>(*ip);
}

// The reference's Range.Canonicalize: host bits are an error, gateway defaults to .1,
// start to .1, end to the last address (IPv4: before the broadcast).
Result<Range> ParseRange(const Json& j, const std::string& where) {
  if (!j.is_object()) return Bad(where + " must be an object with \"subnet\"");
  Range r;
  auto subnet = OptString(j, "subnet", where);
  if (!subnet) return subnet.error();
  if (subnet->empty()) return Bad(where + ".subnet is missing (e.g. \"172.20.7.0/24\")");
  auto p = IpPrefix::Parse(*subnet);
  if (!p) return Bad(where + ".subnet: \"" + *subnet + "\" is not a CIDR (e.g. \"172.20.7.0/24\")");
  if (p->HasHostBits())
    return Bad(where + ".subnet: \"" + *subnet + "\" has host bits set; for a /" + std::to_string(p->len) +
               " the network address is " + p->Network().addr.ToString());
  if (p->len > p->addr.bits() - 2) return Bad(where + ".subnet: network " + *subnet + " is too small to allocate from");
  r.subnet = *p;
  auto gw = OptIp(j, "gateway", where);
  if (!gw) return gw.error();
  r.gateway = *gw ? **gw : p->addr.Add(1);
  auto start = OptIp(j, "rangeStart", where);
  if (!start) return start.error();
  auto end = OptIp(j, "rangeEnd", where);
  if (!end) return end.error();
  r.start = *start ? **start : p->addr.Add(1);
  r.end = *end ? **end : (p->addr.is_v4() ? p->Last().Sub(1) : p->Last());
  if (!p->Contains(r.start)) return Bad(where + ".rangeStart " + r.start.ToString() + " is not in subnet " + *subnet);
  if (!p->Contains(r.end)) return Bad(where + ".rangeEnd " + r.end.ToString() + " is not in subnet " + *subnet);
  if (r.end < r.start) return Bad(where + ": rangeStart " + r.start.ToString() + " is after rangeEnd " + r.end.ToString());
  if (r.gateway && !p->Contains(*r.gateway))
    return Bad(where + ".gateway " + r.gateway->ToString() + " is not in subnet " + *subnet);
  return r;
}

bool Overlap(const Range& a, const Range& b) {
  return a.start.family == b.start.family && !(a.end < b.start) && !(b.end < a.start);
}

Status AddIps(const Json& list, const std::string& where, std::vector<IpAddress>& out) {
  if (!list.is_array()) return Bad(where + " must be a list of IP addresses");
  for (const auto& v : list) {
    if (!v.is_string()) return Bad(where + " must contain strings, got " + v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    std::string s = v.get<std::string>();
    auto ip = IpPrefix::Parse(s, /*allow_bare=*/true);
    if (!ip) return Bad(where + ": \"" + s + "\" is not an IP address");
    out.push_back(ip->addr);
  }
  return {};
}

}  // namespace

bool Range::Contains(const IpAddress& ip) const {
  return ip.family == start.family && subnet.Contains(ip) && !(ip < start) && !(end < ip);
}

std::string Range::ToString() const { return start.ToString() + "-" + end.ToString(); }

int RangeSet::RangeFor(const IpAddress& ip) const {
  for (size_t i = 0; i < ranges.size(); ++i)
    if (ranges[i].Contains(ip)) return static_cast<int>(i);
  return -1;
}

std::string RangeSet::ToString() const {
  std::string s;
  for (const auto& r : ranges) s += (s.empty() ? "" : ",") + r.ToString();
  return s;
}

Result<IpamConfig> ParseIpamConfig(const Json& conf, const std::string& network, const std::vector<IpAddress>& env_ips) {
  IpamConfig c;
  c.network = network;
  if (!conf.contains("ipam") || !conf["ipam"].is_object()) return Bad("ipam must be an object");
  const Json& ipam = conf["ipam"];
  if (ipam.contains("subnet")) {
    auto r = ParseRange(ipam, "ipam");
    if (!r) return r.error();
    c.range_sets.push_back(RangeSet{{*r}});
  }
  if (ipam.contains("ranges")) {
    if (!ipam["ranges"].is_array()) return Bad("ipam.ranges must be a list of range sets (lists of ranges)");
    for (size_t i = 0; i < ipam["ranges"].size(); ++i) {
      const Json& set = ipam["ranges"][i];
      std::string where = "ipam.ranges[" + std::to_string(i) + "]";
      if (!set.is_array() || set.empty())
        return Bad(where + " must be a non-empty list of ranges, e.g. [{\"subnet\": \"10.1.0.0/24\"}]");
      RangeSet rs;
      for (size_t k = 0; k < set.size(); ++k) {
        auto r = ParseRange(set[k], where + "[" + std::to_string(k) + "]");
        if (!r) return r.error();
        if (!rs.ranges.empty() && rs.ranges.front().start.family != r->start.family)
          return Bad(where + " mixes IPv4 and IPv6 ranges; use one range set per family");
        rs.ranges.push_back(*r);
      }
      c.range_sets.push_back(rs);
    }
  }
  if (c.range_sets.empty()) return Bad("ipam: no IP ranges specified: give \"subnet\" or \"ranges\"");
  // No two ranges anywhere may overlap.
  std::vector<const Range*> all;
  for (const auto& rs : c.range_sets)
    for (const auto& r : rs.ranges) all.push_back(&r);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t k = i + 1; k < all.size(); ++k)
      if (Overlap(*all[i], *all[k]))
        return Bad("ipam: range " + all[i]->ToString() + " overlaps with range " + all[k]->ToString());

  if (ipam.contains("routes")) {
    if (!ipam["routes"].is_array()) return Bad("ipam.routes must be a list of {\"dst\": ...} objects");
    for (size_t i = 0; i < ipam["routes"].size(); ++i) {
      auto r = cni::ParseRoute(ipam["routes"][i], "ipam.routes[" + std::to_string(i) + "]");
      if (!r) return r.error();
      c.routes.push_back(*r);
    }
  }
  auto dd = OptString(ipam, "dataDir", "ipam");
  if (!dd) return dd.error();
  if (!dd->empty()) c.data_dir = *dd;
  auto rc = OptString(ipam, "resolvConf", "ipam");
  if (!rc) return rc.error();
  c.resolv_conf = *rc;

  c.requested = env_ips;
  if (conf.contains("args") && conf["args"].is_object() && conf["args"].contains("cni") &&
      conf["args"]["cni"].is_object() && conf["args"]["cni"].contains("ips")) {
    KNETCTL_TRY(AddIps(conf["args"]["cni"]["ips"], "args.cni.ips", c.requested));
  }
  if (conf.contains("runtimeConfig") && conf["runtimeConfig"].is_object() && conf["runtimeConfig"].contains("ips")) {
    KNETCTL_TRY(AddIps(conf["runtimeConfig"]["ips"], "runtimeConfig.ips", c.requested));
  }
  return c;
}

Result<cni::Dns> ParseResolvConf(const std::string& path) {
  auto text = ReadFile(path);
  if (!text) return text.error();
  cni::Dns d;
  for (const auto& line : SplitLines(*text)) {
    std::istringstream in(line);
    std::string key;
    if (!(in >> key) || key[0] == '#' || key[0] == ';') continue;
    std::string v;
    if (key == "nameserver") {
      if (in >> v) d.nameservers.push_back(v);
    } else if (key == "domain") {
      in >> d.domain;
    } else if (key == "search") {
      while (in >> v) d.search.push_back(v);
    } else if (key == "options") {
      while (in >> v) d.options.push_back(v);
    }
  }
  return d;
}

}  // namespace knetctl::hostlocal
