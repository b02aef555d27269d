// SPDX-License-Identifier: Apache-2.0
#include "core/shim/persist.h"

#include <doctest/doctest.h>
#include <linux/rtnetlink.h>

#include "core/files.h"
#include "core/sysconfig/ifcfg.h"

using namespace knetctl;
using namespace knetctl::shim;

namespace {

std::string Root(const std::string& layout) {
  return std::string(KNETCTL_SOURCE_DIR) + "/testdata/sysconfig/" + layout;
}

PersistInput Input(const std::string& layout) {
  PersistInput in;
  in.root = Root(layout);
  in.master = "em2";
  in.shim = "em2-shim";
  in.mac = "02:00:5e:10:00:01";
  netlink::ExactAddr a;
  a.local = IpPrefix::Parse("172.20.7.100/24").value();
  in.addrs.push_back(a);
  netlink::RouteInfo def;
  def.dst = IpPrefix::Parse("0.0.0.0/0").value();
  def.gateway = IpAddress::Parse("172.20.7.254").value();
  in.routes.push_back(def);
  netlink::RouteInfo extra = def;
  extra.dst = IpPrefix::Parse("10.99.0.0/16").value();
  extra.priority = 50;
  extra.table = 100;
  in.routes.push_back(extra);
  return in;
}

const FileOp* Find(const PersistPlan& p, const std::string& suffix) {
  for (const auto& op : p.ops)
    if (op.path.size() >= suffix.size() &&
        op.path.compare(op.path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return &op;
  return nullptr;
}

}  // namespace

TEST_CASE("persist: auto detection per layout") {
  std::string why;
  CHECK(DetectPersistKind(Root("centos7-anaconda"), "em2", &why) == PersistKind::kIfcfg);
  CHECK(why.find("ifcfg-em2") != std::string::npos);
  CHECK(DetectPersistKind(Root("centos7-handwritten"), "em2", &why) == PersistKind::kIfcfg);
  CHECK(why.find("ifcfg-lan") != std::string::npos);
  CHECK(DetectPersistKind(Root("networkd"), "em2", &why) == PersistKind::kNetworkd);
  CHECK(DetectPersistKind(Root("nm"), "em2", &why) == PersistKind::kNm);
  CHECK(DetectPersistKind(Root("nm"), "em3", &why) == PersistKind::kNone);
  CHECK(why.find("no ifcfg file") != std::string::npos);
  CHECK_FALSE(ParsePersistKind("auto").ok());
  CHECK(ParsePersistKind("bogus").error().msg.find("allowed are auto, ifcfg, networkd, nm, none") !=
        std::string::npos);
}

TEST_CASE("persist: ifcfg plan for the anaconda layout") {
  auto plan = PlanIfcfgUp(Input("centos7-anaconda"));
  REQUIRE(plan.ok());
  const FileOp* shim = Find(*plan, "/ifcfg-em2-shim");
  REQUIRE(shim);
  auto f = sysconfig::IfcfgFile::Parse(*shim->content).value();
  CHECK(f.Get("DEVICETYPE") == "macvlan");
  CHECK(f.Get("TYPE") == "macvlan");
  CHECK(f.Get("MACVLAN_PARENT") == "em2");
  CHECK(f.Get("MACVLAN_MODE") == "bridge");
  CHECK(f.Get("MACADDR") == "02:00:5e:10:00:01");
  CHECK(f.Get("IPADDR") == "172.20.7.100");
  CHECK(f.Get("PREFIX") == "24");
  CHECK(f.Get("GATEWAY") == "172.20.7.254");
  CHECK(f.Get("DNS1") == "172.20.7.254");
  CHECK(f.Get("NM_CONTROLLED") == "no");
  CHECK(f.Get("ONBOOT") == "yes");
  const FileOp* master = Find(*plan, "/ifcfg-em2");
  REQUIRE(master);
  auto m = sysconfig::IfcfgFile::Parse(*master->content).value();
  CHECK_FALSE(m.Has("IPADDR"));
  CHECK_FALSE(m.Has("GATEWAY"));
  CHECK(m.Get("UUID") == "5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03");
  REQUIRE(Find(*plan, "/ifcfg-em2.pre-shim.bak"));
  const FileOp* routes = Find(*plan, "/route-em2-shim");
  REQUIRE(routes);
  CHECK(routes->content->find("10.99.0.0/16 via 172.20.7.254 dev em2-shim metric 50 table 100\n") !=
        std::string::npos);
  const FileOp* up = Find(*plan, "/ifup-macvlan");
  REQUIRE(up);
  CHECK(up->mode == 0755);
  // Every backup name is one the network service ignores.
  for (const auto& op : plan->ops) CHECK(op.path.find(".old") == std::string::npos);
}

TEST_CASE("persist: ifcfg plan warns about a shim name that sorts first") {
  PersistInput in = Input("centos7-anaconda");
  in.shim = "a-shim";
  auto plan = PlanIfcfgUp(in);
  REQUIRE(plan.ok());
  bool warned = false;
  for (const auto& w : plan->warnings) warned |= w.find("sorts before") != std::string::npos;
  CHECK(warned);
}
