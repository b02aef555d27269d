// SPDX-License-Identifier: Apache-2.0
#include "core/netlink/link.h"

#include <doctest/doctest.h>

#include <optional>

#include "core/netlink/scratch_netns.h"
#include "core/netns.h"

using namespace knetctl;
using namespace knetctl::netlink;
using knetctl::netlink::testing::ScratchNetns;

TEST_CASE("netlink link: macvlan create, inspect, rename, up, delete (in a scratch netns)") {
  ScratchNetns ns;
  REQUIRE(ScratchNetns::Sh("ip link add p0 type veth peer name p1") == 0);
  auto sock = OpenRouteSocket();
  REQUIRE(sock.ok());
  auto p0 = GetLink(sock->get(), "p0");
  REQUIRE(p0.ok());
  CHECK(p0->kind == "veth");
  CHECK(p0->index > 0);

  MacvlanSpec spec;
  spec.name = "mv0";
  spec.parent_index = p0->index;
  spec.mode = "vepa";
  spec.mac = "02:AA:bb:cc:dd:01";
  spec.mtu = 1400;
  REQUIRE(AddMacvlan(sock->get(), spec).ok());
  auto mv = GetLink(sock->get(), "mv0");
  REQUIRE(mv.ok());
  CHECK(mv->kind == "macvlan");
  CHECK(mv->macvlan_mode == "vepa");
  CHECK(mv->mac == "02:aa:bb:cc:dd:01");
  CHECK(mv->mtu == 1400);
  CHECK(mv->parent_index == p0->index);
  CHECK_FALSE(mv->up);

  SUBCASE("exists is reported as kExists") {
    auto again = AddMacvlan(sock->get(), spec);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::kExists);
  }
  SUBCASE("MTU above the parent's is refused") {
    MacvlanSpec big = spec;
    big.name = "mv1";
    big.mtu = 9000;
    CHECK_FALSE(AddMacvlan(sock->get(), big).ok());
  }
  SUBCASE("rename, up, by index, list, delete") {
    REQUIRE(RenameLink(sock->get(), mv->index, "eth7").ok());
    REQUIRE(SetLinkUp(sock->get(), mv->index, true).ok());
    auto renamed = GetLinkByIndex(sock->get(), mv->index);
    REQUIRE(renamed.ok());
    CHECK(renamed->name == "eth7");
    CHECK(renamed->up);
    REQUIRE(SetLinkMtu(sock->get(), mv->index, 1300).ok());
    CHECK(GetLink(sock->get(), "eth7")->mtu == 1300);
    auto all = ListLinks(sock->get());
    REQUIRE(all.ok());
    CHECK(all->size() == 4);  // lo p0 p1 eth7
    REQUIRE(DeleteLink(sock->get(), "eth7").ok());
    auto gone = GetLink(sock->get(), "eth7");
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == ErrorCode::kNotFound);
    auto gone2 = DeleteLink(sock->get(), mv->index);
    CHECK(gone2.error().code == ErrorCode::kNotFound);
  }
}

TEST_CASE("netlink link: create directly inside another namespace") {
  ScratchNetns host;
  REQUIRE(ScratchNetns::Sh("ip link add p0 type veth peer name p1") == 0);
  auto sock = OpenRouteSocket();
  REQUIRE(sock.ok());
  int parent = GetLink(sock->get(), "p0")->index;
  std::optional<ScratchNetns> container_holder;
  int container_fd = -1;
  {
    // Make the container namespace, then come back to host to create the link.
    auto back = NetnsGuard::Enter("/proc/thread-self/ns/net");
    REQUIRE(back.ok());
    container_holder.emplace();
    container_fd = container_holder->fd();
  }
  MacvlanSpec spec;
  spec.name = "tmp12345";
  spec.parent_index = parent;
  spec.netns_fd = container_fd;
  REQUIRE(AddMacvlan(sock->get(), spec).ok());
  CHECK(GetLink(sock->get(), "tmp12345").error().code == ErrorCode::kNotFound);
  auto in = NetnsGuard::EnterFd(container_fd, "container");
  REQUIRE(in.ok());
  auto csock = OpenRouteSocket();  // a socket stays in its namespace: open a new one
  REQUIRE(csock.ok());
  auto link = GetLink(csock->get(), "tmp12345");
  REQUIRE(link.ok());
  CHECK(link->macvlan_mode == "bridge");
}

TEST_CASE("netlink link: MAC and mode validation") {
  CHECK(NormalizeMac("02:AB:cd:00:11:22").value() == "02:ab:cd:00:11:22");
  CHECK_FALSE(NormalizeMac("02:ab:cd:00:11").ok());
  CHECK_FALSE(NormalizeMac("zz:ab:cd:00:11:22").ok());
  auto bad = MacvlanModeFromString("bridged");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("allowed are bridge") != std::string::npos);
}
