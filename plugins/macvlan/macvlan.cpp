// SPDX-License-Identifier: Apache-2.0
// Reads top to bottom like the reference plugins/main/macvlan/macvlan.go: config, then
// ADD, DEL, CHECK, STATUS, GC, and the verb table at the end.
#include "plugins/macvlan/macvlan.h"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/netlink/addr.h"
#include "core/netlink/link.h"
#include "core/netlink/route.h"
#include "core/netlink/socket.h"
#include "core/netlink/sysctl.h"
#include "core/netns.h"
#include "plugins/host-local/config.h"
#include "plugins/host-local/host_local.h"
#include "plugins/skel/delegate.h"

namespace knetctl::macvlan {

using cni::CniEnv;
using cni::CniResult;
using nlohmann::json;
namespace nl = knetctl::netlink;

namespace {

Error BadConf(const std::string& source, const std::string& msg) {
  return MakeError(ErrorCode::kInvalidConfig, "failed to load netconf (" + source + "): " + msg);
}

Result<std::string> GetString(const json& j, const char* key, const std::string& source) {
  if (!j.contains(key) || j[key].is_null()) return std::string();
  if (!j[key].is_string()) return BadConf(source, "field \"" + std::string(key) + "\" must be a string, got " + j[key].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return j[key].get<std::string>();
}

std::string JoinVersions() {
  std::string s;
  for (const auto& v : cni::SupportedVersions()) s += (s.empty() ? "" : ", ") + v;
  return s;
}

}  // namespace

// ---------------------------------------------------------------- configuration

Result<NetConf> LoadNetConf(const std::string& text, const std::string& source, const CniEnv& env) {
  auto parsed = cni::ParseJson(text, source);
  if (!parsed) return parsed.error();
  const json& j = *parsed;
  if (!j.is_object()) return BadConf(source, "the network configuration must be a JSON object");
  NetConf c;
  c.raw = j;

  auto version = GetString(j, "cniVersion", source);
  if (!version) return version.error();
  c.cni_version = version->empty() ? "0.1.0" : *version;
  if (j.contains("cniVersions")) {
    // A conflist may list several versions: use the newest one we speak.
    if (!j["cniVersions"].is_array()) return BadConf(source, "field \"cniVersions\" must be a list of versions");
    std::string best;
    for (const auto& v : j["cniVersions"])
      if (v.is_string() && cni::IsSupportedVersion(v) && (best.empty() || cni::CompareVersions(v, best) > 0)) best = v;
    if (!best.empty()) c.cni_version = best;
  }
  if (!cni::IsSupportedVersion(c.cni_version))
    return MakeError(ErrorCode::kIncompatibleVersion, "incompatible CNI versions: config is \"" + c.cni_version +
                                                          "\", plugin supports [" + JoinVersions() + "]");
  c.raw["cniVersion"] = c.cni_version;

  auto name = GetString(j, "name", source);
  if (!name) return name.error();
  if (name->empty()) return BadConf(source, "field \"name\" (the network name) is missing");
  if (auto s = cni::ValidateNetworkName(*name); !s.ok()) return BadConf(source, s.error().msg);
  c.name = *name;
  auto type = GetString(j, "type", source);
  if (!type) return type.error();
  c.type = *type;
  auto master = GetString(j, "master", source);
  if (!master) return master.error();
  c.master = *master;
  if (!c.master.empty()) {
    if (auto s = cni::ValidateIfName(c.master); !s.ok()) return BadConf(source, "field \"master\": " + s.error().msg);
  }
  auto mode = GetString(j, "mode", source);
  if (!mode) return mode.error();
  if (!mode->empty()) c.mode = *mode;
  if (auto m = nl::MacvlanModeFromString(c.mode); !m) return BadConf(source, "field \"mode\": " + m.error().msg);
  if (j.contains("mtu") && !j["mtu"].is_null()) {
    if (!j["mtu"].is_number_integer() || j["mtu"].get<long long>() < 0 || j["mtu"].get<long long>() > 65535)
      return BadConf(source, "field \"mtu\" must be an integer from 0 to 65535, got " + j["mtu"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    c.mtu = j["mtu"].get<int>();
  }
  if (j.contains("linkInContainer")) {
    if (!j["linkInContainer"].is_boolean()) return BadConf(source, "field \"linkInContainer\" must be true or false");
    c.link_in_container = j["linkInContainer"];
  }
  // MAC: config < CNI_ARGS MAC= < runtimeConfig.mac (the reference's precedence).
  auto mac = GetString(j, "mac", source);
  if (!mac) return mac.error();
  c.mac = *mac;
  if (!env.args.mac.empty()) c.mac = env.args.mac;
  if (j.contains("runtimeConfig") && j["runtimeConfig"].is_object()) {
    auto rmac = GetString(j["runtimeConfig"], "mac", source);
    if (!rmac) return rmac.error();
    if (!rmac->empty()) c.mac = *rmac;
  }
  if (!c.mac.empty()) {
    auto norm = nl::NormalizeMac(c.mac);
    if (!norm) return BadConf(source, norm.error().msg);
    c.mac = *norm;
  }
  if (j.contains("ipam") && !j["ipam"].is_null()) {
    if (!j["ipam"].is_object()) return BadConf(source, "field \"ipam\" must be an object with a \"type\"");
    auto t = GetString(j["ipam"], "type", source);
    if (!t) return t.error();
    c.ipam_type = *t;
  }
  if (j.contains("prevResult") && !j["prevResult"].is_null()) {
    auto prev = CniResult::FromJson(j["prevResult"]);
    if (!prev) return BadConf(source, "field \"prevResult\": " + prev.error().msg);
    c.prev_result = *prev;
  }
  if (j.contains("cni.dev/valid-attachments")) {
    const json& va = j["cni.dev/valid-attachments"];
    if (!va.is_array()) return BadConf(source, "field \"cni.dev/valid-attachments\" must be a list");
    for (const auto& a : va) {
      if (!a.is_object() || !a.contains("containerID") || !a["containerID"].is_string())
        return BadConf(source, "each cni.dev/valid-attachments entry needs \"containerID\" and \"ifname\"");
      std::string ifn = a.contains("ifname") && a["ifname"].is_string() ? a["ifname"].get<std::string>() : "";
      c.valid_attachments.emplace_back(a["containerID"].get<std::string>(), ifn);
    }
  }
  return c;
}

// ---------------------------------------------------------------- helpers

namespace {

// A reused or wrong netns path must never make the plugin touch the host's own links
// (FIELD-NOTES: "a reused netns path making DEL touch the host's own interfaces").
Status RefuseOwnNetns(const CniEnv& env) {
  if (env.netns.empty() || env.netns_override) return {};
  auto same = IsCurrentNetns(env.netns);
  if (same.ok() && *same)
    return MakeError(ErrorCode::kInvalidEnv, "CNI_NETNS \"" + env.netns +
                                                 "\" is the plugin's own network namespace; refusing to " + env.command +
                                                 " (set CNI_NETNS_OVERRIDE=1 if this is really intended)");
  return {};
}

// The interface of the default route (IPv4 first, then IPv6), in the socket's namespace.
Result<std::string> DefaultRouteInterface(nl_sock* sock) {
  for (int fam : {AF_INET, AF_INET6}) {
    auto routes = nl::ListRoutes(sock, fam);
    if (!routes) return routes.error();
    for (const auto& r : *routes) {
      if (r.dst.len == 0 && r.oif > 0) {
        auto link = nl::GetLinkByIndex(sock, r.oif);
        if (link) return link->name;
      }
    }
  }
  return MakeError(ErrorCode::kInvalidConfig, "no \"master\" given and no default route to take its interface from");
}

Result<nl::LinkInfo> FindMaster(nl_sock* sock, const NetConf& conf) {
  std::string name = conf.master;
  if (name.empty()) {
    auto d = DefaultRouteInterface(sock);
    if (!d) return d.error();
    name = *d;
  }
  auto link = nl::GetLink(sock, name);
  if (!link) {
    if (link.error().code == ErrorCode::kNotFound)
      return MakeError(ErrorCode::kInvalidConfig, "failed to find master \"" + name + "\": no such interface");
    return link.error();
  }
  return link;
}

// IPAM: host-local in-process, anything else executed from CNI_PATH.
Result<hostlocal::IpamConfig> HostLocalConfig(const NetConf& conf, const CniEnv& env) {
  auto c = hostlocal::ParseIpamConfig(conf.raw, conf.name, env.args.ips);
  if (!c) return MakeError(c.error().code, "failed to load netconf: " + c.error().msg);
  return c;
}

Result<CniResult> IpamAdd(const NetConf& conf, const CniEnv& env) {
  if (conf.ipam_type == "host-local") {
    auto c = HostLocalConfig(conf, env);
    if (!c) return c.error();
    return hostlocal::IpamAdd(*c, env.container_id, env.ifname);
  }
  auto out = cni::ExecPlugin(conf.ipam_type, env.path, "ADD", conf.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!out) return out.error();
  auto j = cni::ParseJson(*out, "the output of IPAM plugin " + conf.ipam_type);
  if (!j) return j.error();
  return CniResult::FromJson(*j);
}

Status IpamDel(const NetConf& conf, const CniEnv& env) {
  if (conf.ipam_type == "host-local") {
    auto c = HostLocalConfig(conf, env);
    if (!c) return c.error();
    return hostlocal::IpamDel(*c, env.container_id, env.ifname);
  }
  auto out = cni::ExecPlugin(conf.ipam_type, env.path, "DEL", conf.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!out) return out.error();
  return {};
}

std::string TempName() {
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "knc%08x", rd());
  return buf;
}

std::optional<IpAddress> GatewayFor(const CniResult& r, bool v4) {
  for (const auto& ip : r.ips)
    if (ip.address.addr.is_v4() == v4 && ip.gateway) return ip.gateway;
  return std::nullopt;
}

// Inside the container: rename, sysctls, addresses, up, routes (ipam.ConfigureIface).
Result<nl::LinkInfo> ConfigureInContainer(nl_sock* sock, const std::string& tmp, const CniEnv& env,
                                          const CniResult& ipam) {
  auto link = nl::GetLink(sock, tmp);
  if (!link) return link.error();
  int idx = link->index;
  if (auto s = nl::RenameLink(sock, idx, env.ifname); !s.ok()) {
    if (s.error().code == ErrorCode::kExists)
      return MakeError(ErrorCode::kExists, "container interface \"" + env.ifname + "\" already exists in " + env.netns);
    return s.error();
  }
  bool v6 = std::any_of(ipam.ips.begin(), ipam.ips.end(), [](const auto& i) { return i.address.addr.is_v6(); });
  // Announce the address when the link comes up (gratuitous ARP / unsolicited NA).
  KNETCTL_TRY(nl::WriteSysctl("net/ipv4/conf/" + env.ifname + "/arp_notify", "1"));
  if (v6) {
    (void)nl::WriteSysctl("net/ipv6/conf/" + env.ifname + "/disable_ipv6", "0");
    (void)nl::WriteSysctl("net/ipv6/conf/" + env.ifname + "/ndisc_notify", "1");
  }
  for (const auto& ip : ipam.ips) {
    // IPAM guarantees uniqueness, so IPv6 skips DAD and is usable at once.
    nl::AddrSpec spec{.ifindex = idx, .local = ip.address, .nodad = ip.address.addr.is_v6()};
    if (auto s = nl::AddAddr(sock, spec); !s.ok()) return s.error();
  }
  KNETCTL_TRY(nl::SetLinkUp(sock, idx, true));
  auto gw4 = GatewayFor(ipam, true), gw6 = GatewayFor(ipam, false);
  for (const auto& r : ipam.routes) {
    nl::RouteInfo ri;
    ri.dst = r.dst;
    ri.gateway = r.gw ? r.gw : (r.dst.addr.is_v4() ? gw4 : gw6);
    ri.oif = idx;
    ri.priority = r.priority;
    ri.mtu = r.mtu;
    ri.advmss = r.advmss;
    if (r.table) ri.table = r.table;
    ri.scope = r.scope;
    auto s = nl::AddRoute(sock, ri);
    if (!s.ok() && s.error().code != ErrorCode::kExists) return s.error();
  }
  return nl::GetLinkByIndex(sock, idx);
}

}  // namespace

// ---------------------------------------------------------------- ADD

Result<CniResult> CmdAdd(const NetConf& conf, const CniEnv& env) {
  KNETCTL_TRY(RefuseOwnNetns(env));
  auto nsfd = OpenNetns(env.netns);
  if (!nsfd) return nsfd.error();
  auto host = nl::OpenRouteSocket();
  if (!host) return host.error();

  nl::LinkInfo master;
  if (conf.link_in_container) {
    auto in = NetnsGuard::EnterFd(nsfd->get(), env.netns);
    if (!in) return in.error();
    auto csock = nl::OpenRouteSocket();
    if (!csock) return csock.error();
    auto m = FindMaster(csock->get(), conf);
    if (!m) return m.error();
    master = *m;
  } else {
    auto m = FindMaster(host->get(), conf);
    if (!m) return m.error();
    master = *m;
  }
  if (conf.mtu > 0 && static_cast<uint32_t>(conf.mtu) > master.mtu)
    return MakeError(ErrorCode::kInvalidConfig, "invalid MTU " + std::to_string(conf.mtu) + ": must be 0 to " +
                                                    std::to_string(master.mtu) + " (the MTU of master \"" + master.name + "\")");

  CniResult ipam;
  bool have_ipam = !conf.ipam_type.empty();
  if (have_ipam) {
    auto r = IpamAdd(conf, env);
    if (!r) return r.error();
    ipam = *r;
    if (ipam.ips.empty()) {
      if (conf.ipam_type != "host-local") (void)IpamDel(conf, env);
      return MakeError(ErrorCode::kInvalidConfig, "IPAM plugin returned missing IP config");
    }
  }
  // Roll back only what this ADD allocated (host-local), or DEL the delegate.
  auto undo_ipam = [&]() {
    if (!have_ipam) return;
    if (conf.ipam_type == "host-local") {
      std::vector<IpAddress> mine;
      for (const auto& ip : ipam.ips) mine.push_back(ip.address.addr);
      auto c = HostLocalConfig(conf, env);
      if (c) (void)hostlocal::IpamRelease(*c, mine);
    } else {
      (void)IpamDel(conf, env);
    }
  };

  // Created under a temporary name straight inside the container, then renamed: the
  // host never sees it, and a clash with CNI_IFNAME shows up as a rename error.
  std::string tmp = TempName();
  nl::MacvlanSpec spec{.name = tmp, .parent_index = master.index, .mode = conf.mode, .mac = conf.mac,
                       .mtu = static_cast<uint32_t>(conf.mtu)};
  Result<nl::LinkInfo> link = MakeError(ErrorCode::kGeneric, "not created");
  {
    auto in = NetnsGuard::EnterFd(nsfd->get(), env.netns);
    if (!in) {
      undo_ipam();
      return in.error();
    }
    auto csock = nl::OpenRouteSocket();
    if (!csock) {
      undo_ipam();
      return csock.error();
    }
    Status created;
    if (conf.link_in_container) {
      created = nl::AddMacvlan(csock->get(), spec);
    } else {
      spec.netns_fd = nsfd->get();
      created = nl::AddMacvlan(host->get(), spec);
    }
    if (!created.ok()) {
      undo_ipam();
      return std::move(created).error().Wrap("failed to create macvlan on master \"" + master.name + "\"");
    }
    link = ConfigureInContainer(csock->get(), tmp, env, ipam);
    if (!link) {
      // Whatever name it has now, the index-less lookup by both names finds it.
      if (!nl::DeleteLink(csock->get(), tmp).ok()) {
        auto cur = nl::GetLink(csock->get(), env.ifname);
        if (cur && cur->kind == "macvlan") (void)nl::DeleteLink(csock->get(), cur->index);
      }
    }
  }
  if (!link) {
    undo_ipam();
    return std::move(link).error().Wrap("failed to set up " + env.ifname + " in " + env.netns);
  }

  CniResult result;
  result.interfaces.push_back({env.ifname, link->mac, env.netns, link->mtu});
  result.ips = ipam.ips;
  for (auto& ip : result.ips) ip.interface = 0;
  result.routes = ipam.routes;
  result.dns = ipam.dns;
  return result;
}

// ---------------------------------------------------------------- DEL

Status CmdDel(const NetConf& conf, const CniEnv& env) {
  KNETCTL_TRY(RefuseOwnNetns(env));
  // IPAM first: if the netns or link is already gone, the lease must still go
  // (leaked IPs after reboots are the field's most common failure).
  if (!conf.ipam_type.empty()) {
    if (auto s = IpamDel(conf, env); !s.ok()) return std::move(s).error().Wrap("failed to release IPAM");
  }
  if (env.netns.empty()) return {};
  // A missing namespace (or a path that no longer is one) means the link is gone too.
  auto nsfd = OpenNetns(env.netns);
  if (!nsfd) return {};
  auto in = NetnsGuard::EnterFd(nsfd->get(), env.netns);
  if (!in) return in.error();
  auto sock = nl::OpenRouteSocket();
  if (!sock) return sock.error();
  auto link = nl::GetLink(sock->get(), env.ifname);
  if (!link) {
    if (link.error().code == ErrorCode::kNotFound) return {};
    return link.error();
  }
  // Only ever remove what this plugin creates.
  if (link->kind != "macvlan") return {};
  auto s = nl::DeleteLink(sock->get(), link->index);
  if (!s.ok() && s.error().code != ErrorCode::kNotFound) return s;
  return {};
}

// ---------------------------------------------------------------- CHECK

Status CmdCheck(const NetConf& conf, const CniEnv& env) {
  if (cni::CompareVersions(conf.cni_version, "0.4.0") < 0)
    return MakeError(ErrorCode::kIncompatibleVersion, "config version " + conf.cni_version + " does not allow CHECK (needs 0.4.0 or later)");
  if (!conf.prev_result) return MakeError(ErrorCode::kInvalidConfig, "CHECK: required prevResult missing");
  const CniResult& prev = *conf.prev_result;
  KNETCTL_TRY(RefuseOwnNetns(env));

  std::vector<IpAddress> leased;
  for (const auto& ip : prev.ips) leased.push_back(ip.address.addr);
  if (conf.ipam_type == "host-local") {
    auto c = HostLocalConfig(conf, env);
    if (!c) return c.error();
    KNETCTL_TRY(hostlocal::IpamCheck(*c, env.container_id, env.ifname, leased));
  } else if (!conf.ipam_type.empty()) {
    auto out = cni::ExecPlugin(conf.ipam_type, env.path, "CHECK", conf.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!out) return out.error();
  }

  // The master must still exist (on the host, or in the container with linkInContainer).
  auto nsfd = OpenNetns(env.netns);
  if (!nsfd) return nsfd.error();
  if (!conf.link_in_container) {
    auto host = nl::OpenRouteSocket();
    if (!host) return host.error();
    auto m = FindMaster(host->get(), conf);
    if (!m) return MakeError(ErrorCode::kCheckFailed, m.error().msg);
  }
  auto in = NetnsGuard::EnterFd(nsfd->get(), env.netns);
  if (!in) return in.error();
  auto sock = nl::OpenRouteSocket();
  if (!sock) return sock.error();
  auto fail = [&](const std::string& what) {
    return MakeError(ErrorCode::kCheckFailed, "CHECK " + env.ifname + " in " + env.netns + ": " + what);
  };
  auto link = nl::GetLink(sock->get(), env.ifname);
  if (!link) return fail("interface is missing (" + link.error().msg + ")");
  if (link->kind != "macvlan") return fail("interface is a \"" + link->kind + "\" link, not a macvlan");
  if (link->macvlan_mode != conf.mode) return fail("macvlan mode is " + link->macvlan_mode + ", config says " + conf.mode);
  if (conf.mtu > 0 && link->mtu != static_cast<uint32_t>(conf.mtu))
    return fail("MTU is " + std::to_string(link->mtu) + ", config says " + std::to_string(conf.mtu));
  int my_index = -1;
  for (size_t i = 0; i < prev.interfaces.size(); ++i) {
    const auto& pi = prev.interfaces[i];
    if (pi.name != env.ifname || (!pi.sandbox.empty() && pi.sandbox != env.netns)) continue;
    my_index = static_cast<int>(i);
    if (!pi.mac.empty() && pi.mac != link->mac) return fail("MAC is " + link->mac + ", prevResult says " + pi.mac);
  }
  if (!prev.interfaces.empty() && my_index < 0) return fail("prevResult lists no interface " + env.ifname + " in " + env.netns);
  if (!link->up) return fail("interface is down");
  auto addrs = nl::ListAddrs(sock->get(), link->index);
  if (!addrs) return addrs.error();
  for (const auto& ip : prev.ips) {
    if (ip.interface >= 0 && ip.interface != my_index) continue;
    bool found = std::any_of(addrs->begin(), addrs->end(), [&](const nl::AddrInfo& a) { return a.local == ip.address; });
    if (!found) return fail("address " + ip.address.ToString() + " from prevResult is not on the interface");
  }
  auto routes = nl::ListRoutes(sock->get(), 0, nl::kTableAll);
  if (!routes) return routes.error();
  for (const auto& r : prev.routes) {
    bool found = std::any_of(routes->begin(), routes->end(), [&](const nl::RouteInfo& k) {
      return k.dst == r.dst && (!r.gw || k.gateway == r.gw);
    });
    if (!found)
      return fail("route " + r.dst.ToString() + (r.gw ? " via " + r.gw->ToString() : "") + " from prevResult is missing");
  }
  return {};
}

// ---------------------------------------------------------------- STATUS and GC

Status CmdStatus(const NetConf& conf, const CniEnv& env) {
  if (!conf.link_in_container) {
    auto sock = nl::OpenRouteSocket();
    if (!sock) return MakeError(ErrorCode::kPluginNotAvailable, sock.error().msg);
    auto m = FindMaster(sock->get(), conf);
    if (!m) return MakeError(ErrorCode::kPluginNotAvailable, "master unavailable: " + m.error().msg);
    if (!m->up) return MakeError(ErrorCode::kPluginNotAvailable, "master \"" + m->name + "\" is down");
  }
  if (conf.ipam_type == "host-local") {
    auto c = HostLocalConfig(conf, env);
    if (!c) return c.error();
    return hostlocal::IpamStatus(*c);
  }
  if (!conf.ipam_type.empty()) {
    auto out = cni::ExecPlugin(conf.ipam_type, env.path, "STATUS", conf.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!out) return out.error();
  }
  return {};
}

Result<std::vector<std::string>> CmdGc(const NetConf& conf, const CniEnv& env, bool dry_run) {
  if (conf.ipam_type == "host-local") {
    auto c = HostLocalConfig(conf, env);
    if (!c) return c.error();
    std::set<std::pair<std::string, std::string>> valid(conf.valid_attachments.begin(), conf.valid_attachments.end());
    auto out = hostlocal::IpamGc(*c, valid, dry_run);
    if (!out) return out.error();
    return out->released;
  }
  if (!conf.ipam_type.empty() && !dry_run) {
    auto out = cni::ExecPlugin(conf.ipam_type, env.path, "GC", conf.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!out) return out.error();
  }
  return std::vector<std::string>{};
}

// ---------------------------------------------------------------- verbs

json VersionJson(const std::string& config_version) {
  json j = json::object();
  j["cniVersion"] = config_version.empty() ? cni::LatestVersion() : config_version;
  j["supportedVersions"] = cni::SupportedVersions();
  return j;
}

Result<Outcome> Run(const CniEnv& env, const std::string& text, const std::string& source, bool dry_run,
                    std::string* version_for_errors) {
  Outcome out;
  // Best effort: errors are rendered in the config's version even if the config is bad.
  try {
    auto j = json::parse(text);
    if (j.is_object() && j.contains("cniVersion") && j["cniVersion"].is_string()) out.version = j["cniVersion"];
  } catch (const json::exception&) {
  }
  if (version_for_errors) *version_for_errors = out.version;
  if (env.command == "VERSION") {
    out.output = VersionJson(out.version);
    return out;
  }
  auto conf = LoadNetConf(text, source, env);
  if (!conf) return conf.error();
  out.version = conf->cni_version;
  if (version_for_errors) *version_for_errors = out.version;
  const std::string& c = env.command;
  // STATUS and GC exist from spec 1.1.0 on; runtimes never send them for older configs,
  // and a GC without cni.dev/valid-attachments would release every lease.
  if ((c == "STATUS" || c == "GC") && cni::CompareVersions(conf->cni_version, "1.1.0") < 0)
    return MakeError(ErrorCode::kIncompatibleVersion,
                     "config version " + conf->cni_version + " does not allow " + c + " (needs 1.1.0 or later)");
  if (c == "ADD") {
    auto r = CmdAdd(*conf, env);
    if (!r) return r.error();
    out.output = r->ToJson(conf->cni_version);
  } else if (c == "DEL") {
    KNETCTL_TRY(CmdDel(*conf, env));
  } else if (c == "CHECK") {
    KNETCTL_TRY(CmdCheck(*conf, env));
  } else if (c == "STATUS") {
    KNETCTL_TRY(CmdStatus(*conf, env));
  } else if (c == "GC") {
    auto r = CmdGc(*conf, env, dry_run);
    if (!r) return r.error();
    out.released = *r;
  } else {
    return MakeError(ErrorCode::kInvalidEnv, "unknown CNI_COMMAND \"" + c + "\"");
  }
  return out;
}

}  // namespace knetctl::macvlan
