// SPDX-License-Identifier: Apache-2.0
#include "plugins/skel/result.h"

#include "plugins/skel/skel.h"

namespace knetctl::cni {
namespace {

Json DnsJson(const Dns& d) {
  Json j = Json::object();
  if (!d.nameservers.empty()) j["nameservers"] = d.nameservers;
  if (!d.domain.empty()) j["domain"] = d.domain;
  if (!d.search.empty()) j["search"] = d.search;
  if (!d.options.empty()) j["options"] = d.options;
  return j;
}

Result<std::string> Str(const Json& j, const char* key, const std::string& where, bool required) {
  if (!j.contains(key)) {
    if (required) return MakeError(ErrorCode::kDecodeFailure, where + ": missing \"" + key + "\"");
    return std::string();
  }
  if (!j[key].is_string()) return MakeError(ErrorCode::kDecodeFailure, where + ": \"" + key + "\" must be a string");
  return j[key].get<std::string>();
}

}  // namespace

Result<Route> ParseRoute(const Json& j, const std::string& where) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidConfig, where + " must be an object like {\"dst\": \"0.0.0.0/0\"}");
  Route r;
  auto dst = Str(j, "dst", where, true);
  if (!dst) return MakeError(ErrorCode::kInvalidConfig, dst.error().msg);
  auto p = IpPrefix::Parse(*dst);
  if (!p) return MakeError(ErrorCode::kInvalidConfig, where + ".dst: \"" + *dst + "\" is not a CIDR (like 10.32.0.0/24)");
  r.dst = p->Network();
  auto gw = Str(j, "gw", where, false);
  if (!gw) return MakeError(ErrorCode::kInvalidConfig, gw.error().msg);
  if (!gw->empty()) {
    auto a = IpAddress::Parse(*gw);
    if (!a) return MakeError(ErrorCode::kInvalidConfig, where + ".gw: \"" + *gw + "\" is not an IP address");
    if (a->family != r.dst.addr.family)
      return MakeError(ErrorCode::kInvalidConfig, where + ": gw " + *gw + " and dst " + *dst + " are of different IP families");
    r.gw = *a;
  }
  auto num = [&](const char* k, uint32_t& out) -> Status {
    if (!j.contains(k)) return {};
    if (!j[k].is_number_unsigned()) return MakeError(ErrorCode::kInvalidConfig, where + "." + k + " must be a non-negative integer");
    out = j[k].get<uint32_t>();
    return {};
  };
  KNETCTL_TRY(num("mtu", r.mtu));
  KNETCTL_TRY(num("advmss", r.advmss));
  KNETCTL_TRY(num("priority", r.priority));
  KNETCTL_TRY(num("table", r.table));
  if (j.contains("scope")) {
    if (!j["scope"].is_number_integer()) return MakeError(ErrorCode::kInvalidConfig, where + ".scope must be an integer");
    r.scope = j["scope"].get<int>();
  }
  return r;
}

Json RouteJson(const Route& r, bool v110) {
  Json j = Json::object();
  j["dst"] = r.dst.ToString();
  if (r.gw) j["gw"] = r.gw->ToString();
  if (v110) {
    if (r.mtu) j["mtu"] = r.mtu;
    if (r.advmss) j["advmss"] = r.advmss;
    if (r.priority) j["priority"] = r.priority;
    if (r.table) j["table"] = r.table;
    if (r.scope >= 0) j["scope"] = r.scope;
  }
  return j;
}

Result<Dns> ParseDns(const Json& j) {
  Dns d;
  if (!j.is_object()) return d;
  auto list = [&](const char* k, std::vector<std::string>& out) {
    if (j.contains(k) && j[k].is_array())
      for (const auto& v : j[k])
        if (v.is_string()) out.push_back(v.get<std::string>());
  };
  list("nameservers", d.nameservers);
  list("search", d.search);
  list("options", d.options);
  if (j.contains("domain") && j["domain"].is_string()) d.domain = j["domain"].get<std::string>();
  return d;
}

Json CniResult::ToJson(const std::string& version) const {
  Json j = Json::object();
  j["cniVersion"] = version;
  if (CompareVersions(version, "0.3.0") < 0) {
    // 0.1.0 / 0.2.0: "ip4"/"ip6" objects, routes attached to the family.
    for (int fam : {4, 6}) {
      for (const auto& ip : ips) {
        if ((fam == 4) != ip.address.addr.is_v4()) continue;
        Json o = Json::object();
        o["ip"] = ip.address.ToString();
        if (ip.gateway) o["gateway"] = ip.gateway->ToString();
        Json rs = Json::array();
        for (const auto& r : routes)
          if (r.dst.addr.is_v4() == (fam == 4)) rs.push_back(RouteJson(r, false));
        if (!rs.empty()) o["routes"] = rs;
        j[fam == 4 ? "ip4" : "ip6"] = o;
        break;  // the old shape holds one address per family
      }
    }
    j["dns"] = DnsJson(dns);
    return j;
  }
  bool v110 = CompareVersions(version, "1.1.0") >= 0;
  bool has_version_field = CompareVersions(version, "1.0.0") < 0;
  if (!interfaces.empty()) {
    Json arr = Json::array();
    for (const auto& i : interfaces) {
      Json o = Json::object();
      o["name"] = i.name;
      if (!i.mac.empty()) o["mac"] = i.mac;
      if (v110 && i.mtu) o["mtu"] = i.mtu;
      if (!i.sandbox.empty()) o["sandbox"] = i.sandbox;
      arr.push_back(o);
    }
    j["interfaces"] = arr;
  }
  if (!ips.empty()) {
    Json arr = Json::array();
    for (const auto& ip : ips) {
      Json o = Json::object();
      if (has_version_field) o["version"] = ip.address.addr.is_v4() ? "4" : "6";
      if (ip.interface >= 0) o["interface"] = ip.interface;
      o["address"] = ip.address.ToString();
      if (ip.gateway) o["gateway"] = ip.gateway->ToString();
      arr.push_back(o);
    }
    j["ips"] = arr;
  }
  if (!routes.empty()) {
    Json arr = Json::array();
    for (const auto& r : routes) arr.push_back(RouteJson(r, v110));
    j["routes"] = arr;
  }
  j["dns"] = DnsJson(dns);
  return j;
}

Result<CniResult> CniResult::FromJson(const Json& j) {
  CniResult r;
  if (!j.is_object()) return MakeError(ErrorCode::kDecodeFailure, "result must be a JSON object");
  auto parse_ip = [](const Json& o, const char* key, const std::string& where) -> Result<IpConfig> {
    IpConfig c;
    auto s = Str(o, key, where, true);
    if (!s) return s.error();
    auto p = IpPrefix::Parse(*s);
    if (!p) return MakeError(ErrorCode::kDecodeFailure, where + ": \"" + *s + "\" is not address/prefix");
    c.address = *p;
    auto gw = Str(o, "gateway", where, false);
    if (!gw) return gw.error();
    if (!gw->empty()) {
      auto a = IpAddress::Parse(*gw);
      if (!a) return MakeError(ErrorCode::kDecodeFailure, where + ": gateway \"" + *gw + "\" is not an IP address");
      c.gateway = *a;
    }
    return c;
  };
  if (j.contains("interfaces") && j["interfaces"].is_array()) {
    for (const auto& o : j["interfaces"]) {
      Interface i;
      if (o.contains("name") && o["name"].is_string()) i.name = o["name"];
      if (o.contains("mac") && o["mac"].is_string()) i.mac = o["mac"];
      if (o.contains("sandbox") && o["sandbox"].is_string()) i.sandbox = o["sandbox"];
      if (o.contains("mtu") && o["mtu"].is_number_unsigned()) i.mtu = o["mtu"];
      r.interfaces.push_back(i);
    }
  }
  if (j.contains("ips") && j["ips"].is_array()) {
    int n = 0;
    for (const auto& o : j["ips"]) {
      auto c = parse_ip(o, "address", "ips[" + std::to_string(n++) + "]");
      if (!c) return c.error();
      if (o.contains("interface") && o["interface"].is_number_integer()) c->interface = o["interface"];
      r.ips.push_back(*c);
    }
  }
  for (const char* fam : {"ip4", "ip6"}) {
    if (!j.contains(fam) || !j[fam].is_object()) continue;
    auto c = parse_ip(j[fam], "ip", fam);
    if (!c) return c.error();
    r.ips.push_back(*c);
    if (j[fam].contains("routes") && j[fam]["routes"].is_array()) {
      for (const auto& o : j[fam]["routes"]) {
        auto rt = ParseRoute(o, std::string(fam) + ".routes[]");
        if (!rt) return rt.error();
        r.routes.push_back(*rt);
      }
    }
  }
  if (j.contains("routes") && j["routes"].is_array()) {
    int n = 0;
    for (const auto& o : j["routes"]) {
      auto rt = ParseRoute(o, "routes[" + std::to_string(n++) + "]");
      if (!rt) return rt.error();
      r.routes.push_back(*rt);
    }
  }
  if (j.contains("dns")) {
    auto d = ParseDns(j["dns"]);
    if (d) r.dns = *d;
  }
  return r;
}

}  // namespace knetctl::cni
