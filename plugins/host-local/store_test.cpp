// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/store.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "plugins/host-local/allocator.h"

using namespace knetctl;
using namespace knetctl::hostlocal;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/knetctl-store-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};
IpAddress A(const char* s) { return IpAddress::Parse(s).value(); }
std::string Slurp(const std::string& p) { return ReadFile(p).value(); }
RangeSet Set(const char* subnet, const char* start, const char* end, const char* gw) {
  Range r;
  r.subnet = IpPrefix::Parse(subnet).value();
  r.start = A(start);
  r.end = A(end);
  r.gateway = A(gw);
  return RangeSet{{r}};
}
}  // namespace

TEST_CASE("store: the reference's file format") {
  TempDir t;
  auto s = Store::Open(t.path, "net");
  REQUIRE(s.ok());
  CHECK(fs::exists(t.path + "/net/lock"));
  CHECK(s->Reserve("c1", "eth0", A("10.1.0.5"), 0).value());
  CHECK_FALSE(s->Reserve("c2", "eth0", A("10.1.0.5"), 0).value());
  CHECK(Slurp(t.path + "/net/10.1.0.5") == "c1\r\neth0");
  CHECK(Slurp(t.path + "/net/last_reserved_ip.0") == "10.1.0.5");
  struct stat st;
  REQUIRE(::stat((t.path + "/net/10.1.0.5").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(s->LastReserved(0) == A("10.1.0.5"));
  CHECK_FALSE(s->LastReserved(1).has_value());
}

TEST_CASE("store: a symlink planted at an address is never followed") {
  TempDir t;
  auto s = Store::Open(t.path, "net");
  REQUIRE(s.ok());
  std::string target = t.path + "/victim";
  REQUIRE(::symlink(target.c_str(), (t.path + "/net/10.1.0.7").c_str()) == 0);
  CHECK_FALSE(s->Reserve("c1", "eth0", A("10.1.0.7"), 0).value());
  CHECK_FALSE(fs::exists(target));
}

TEST_CASE("store: release by ID, old ID-only files, listing") {
  TempDir t;
  auto s = Store::Open(t.path, "net");
  REQUIRE(s.ok());
  REQUIRE(s->Reserve("c1", "eth0", A("10.1.0.2"), 0).value());
  REQUIRE(s->Reserve("c1", "eth1", A("10.1.0.3"), 0).value());
  { FILE* f = std::fopen((t.path + "/net/10.1.0.4").c_str(), "w"); std::fputs("old\n", f); std::fclose(f); }
  CHECK(s->List()->size() == 3);
  CHECK(s->GetById("c1", "eth1").value() == std::vector<IpAddress>{A("10.1.0.3")});
  CHECK(s->ReleaseById("c1", "eth0").value() == 1);
  CHECK(fs::exists(t.path + "/net/10.1.0.3"));
  CHECK(s->ReleaseById("old", "eth0").value() == 1);
  CHECK(s->ReleaseById("nobody", "eth0").value() == 0);
  CHECK(s->TakenAddresses()->size() == 1);
  Lease l = ParseLease("  abc\r\neth0\n");
  CHECK(l.container_id == "abc");
  CHECK(l.ifname == "eth0");
}

TEST_CASE("allocator: round robin, gateway skipped, requested, exhausted") {
  TempDir t;
  auto s = Store::Open(t.path, "net");
  REQUIRE(s.ok());
  RangeSet set = Set("10.1.0.0/29", "10.1.0.1", "10.1.0.6", "10.1.0.1");
  CHECK(Allocate(*s, set, 0, "a", "eth0", std::nullopt)->address.ToString() == "10.1.0.2/29");
  CHECK(Allocate(*s, set, 0, "b", "eth0", std::nullopt)->address.ToString() == "10.1.0.3/29");
  CHECK(Allocate(*s, set, 0, "c", "eth0", A("10.1.0.6"))->address.ToString() == "10.1.0.6/29");
  CHECK(Allocate(*s, set, 0, "d", "eth0", A("10.1.0.6")).error().code == ErrorCode::kExists);
  CHECK(Allocate(*s, set, 0, "d", "eth0", A("10.1.0.1")).error().msg == "requested IP 10.1.0.1 is the subnet's gateway");
  CHECK(Allocate(*s, set, 0, "d", "eth0", A("10.1.0.9")).error().code == ErrorCode::kInvalidConfig);
  // After .6 (last reserved) it wraps to the start, skipping the gateway and taken ones.
  CHECK(Allocate(*s, set, 0, "e", "eth0", std::nullopt)->address.ToString() == "10.1.0.4/29");
  CHECK(Allocate(*s, set, 0, "f", "eth0", std::nullopt)->address.ToString() == "10.1.0.5/29");
  auto full = Allocate(*s, set, 0, "g", "eth0", std::nullopt);
  CHECK(full.error().code == ErrorCode::kTryAgainLater);
  CHECK(full.error().msg == "no IP addresses available in range set: 10.1.0.1-10.1.0.6");
}

TEST_CASE("allocator: a last_reserved_ip outside the set is ignored") {
  TempDir t;
  auto s = Store::Open(t.path, "net");
  REQUIRE(s.ok());
  REQUIRE(s->Reserve("x", "eth0", A("192.168.9.9"), 0).value());
  RangeSet set = Set("10.1.0.0/24", "10.1.0.10", "10.1.0.20", "10.1.0.1");
  CHECK(Allocate(*s, set, 0, "a", "eth0", std::nullopt)->address.ToString() == "10.1.0.10/24");
}

TEST_CASE("store index: rebuilt when the directory changed, and only ever a hint") {
  TempDir t;
  RangeSet set = Set("10.1.0.0/24", "10.1.0.2", "10.1.0.9", "10.1.0.1");
  {
    auto s = Store::Open(t.path, "net");
    REQUIRE(s.ok());
    CHECK(Allocate(*s, set, 0, "a", "eth0", std::nullopt)->address.ToString() == "10.1.0.2/24");
  }
  CHECK(fs::exists(t.path + "/.knetctl-index.net"));
  // Another writer (the reference host-local) adds a lease: the mtime changes, the index is re-read.
  { FILE* f = std::fopen((t.path + "/net/10.1.0.3").c_str(), "w"); std::fputs("ref\r\neth0", f); std::fclose(f); }
  {
    auto s = Store::Open(t.path, "net");
    auto taken = s->SortedTaken();
    REQUIRE(taken.ok());
    CHECK(**taken == std::vector<IpAddress>{A("10.1.0.2"), A("10.1.0.3")});
  }
  // A lease planted while the directory's mtime is put back: the index now misses it,
  // and the exclusive create still refuses to hand it out twice.
  struct stat before;
  REQUIRE(::stat((t.path + "/net").c_str(), &before) == 0);
  { FILE* f = std::fopen((t.path + "/net/10.1.0.4").c_str(), "w"); std::fputs("sneaky\r\neth0", f); std::fclose(f); }
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  REQUIRE(::utimensat(AT_FDCWD, (t.path + "/net").c_str(), times, 0) == 0);
  {
    auto s = Store::Open(t.path, "net");
    REQUIRE(s->LastReserved(0) == A("10.1.0.2"));
    CHECK((*s->SortedTaken())->size() == 2);  // stale on purpose
    CHECK(Allocate(*s, set, 0, "b", "eth0", std::nullopt)->address.ToString() == "10.1.0.5/24");
    CHECK(Slurp(t.path + "/net/10.1.0.4") == "sneaky\r\neth0");
  }
  // DEL reads every lease and refreshes the index.
  {
    auto s = Store::Open(t.path, "net");
    CHECK(s->ReleaseById("a", "eth0").value() == 1);
  }
  auto s = Store::Open(t.path, "net");
  CHECK(**s->SortedTaken() == std::vector<IpAddress>{A("10.1.0.3"), A("10.1.0.4"), A("10.1.0.5")});
}
