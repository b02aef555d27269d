// SPDX-License-Identifier: Apache-2.0
#include "core/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

using namespace knetctl;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/knetctl-files-test.XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

mode_t ModeOf(const std::string& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("files: RootPath prefixes absolute paths") {
  CHECK(RootPath("", "/etc/x") == "/etc/x");
  CHECK(RootPath("/", "/etc/x") == "/etc/x");
  CHECK(RootPath("/tmp/r", "/etc/x") == "/tmp/r/etc/x");
  CHECK(RootPath("/tmp/r/", "/etc/x") == "/tmp/r/etc/x");
}

TEST_CASE("files: AtomicWrite creates, replaces with backup, keeps mode, skips identical") {
  TempDir d;
  std::string f = d.path + "/iptables";
  auto w1 = AtomicWrite(f, "one\n", {.mode = 0600});
  REQUIRE(w1.ok());
  CHECK(w1->changed);
  CHECK(w1->backup.empty());
  CHECK(ModeOf(f) == 0600);
  REQUIRE(::chmod(f.c_str(), 0640) == 0);

  auto w2 = AtomicWrite(f, "two\n");
  REQUIRE(w2.ok());
  CHECK(w2->changed);
  CHECK(w2->backup == f + ".bak");
  CHECK(*ReadFile(f) == "two\n");
  CHECK(*ReadFile(f + ".bak") == "one\n");
  CHECK(ModeOf(f) == 0640);
  CHECK(ModeOf(f + ".bak") == 0640);

  auto w3 = AtomicWrite(f, "two\n");
  REQUIRE(w3.ok());
  CHECK_FALSE(w3->changed);
  CHECK(*ReadFile(f + ".bak") == "one\n");  // untouched: nothing was written

  // No temp files left behind.
  CHECK(std::system(("ls -a '" + d.path + "' | grep -q tmp").c_str()) != 0);
}

TEST_CASE("files: AtomicWrite reports a missing directory, creates it on request") {
  TempDir d;
  auto bad = AtomicWrite(d.path + "/no/such/dir/f", "x");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().msg.find("no/such/dir") != std::string::npos);
  auto good = AtomicWrite(d.path + "/no/such/dir/f", "x", {.create_dirs = true});
  REQUIRE(good.ok());
  CHECK(*ReadFile(d.path + "/no/such/dir/f") == "x");
}

TEST_CASE("files: RemoveWithBackup keeps the content, missing file is no change") {
  TempDir d;
  std::string f = d.path + "/ifcfg-em2-shim";
  REQUIRE(AtomicWrite(f, "DEVICE=em2-shim\n").ok());
  auto r = RemoveWithBackup(f);
  REQUIRE(r.ok());
  CHECK(r->changed);
  CHECK_FALSE(PathExists(f));
  CHECK(*ReadFile(f + ".bak") == "DEVICE=em2-shim\n");
  auto again = RemoveWithBackup(f);
  REQUIRE(again.ok());
  CHECK_FALSE(again->changed);
}

TEST_CASE("files: ReadFile names the file") {
  auto r = ReadFile("/nonexistent/knetctl/file");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNotFound);
  CHECK(r.error().msg == "failed to read /nonexistent/knetctl/file: No such file or directory");
}

TEST_CASE("files: FileLock excludes a second holder and times out") {
  TempDir d;
  std::string lock = d.path + "/lock";
  auto a = FileLock::Acquire(lock);
  REQUIRE(a.ok());
  // flock locks belong to the open file description: a second open conflicts.
  auto b = FileLock::Acquire(lock, 50);
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().code == ErrorCode::kTryAgainLater);
}

TEST_CASE("files: SplitLines keeps a last line without newline") {
  auto l = SplitLines("a\nb\n\nc");
  REQUIRE(l.size() == 4);
  CHECK(l[2].empty());
  CHECK(l[3] == "c");
  CHECK(SplitLines("").empty());
}
