// SPDX-License-Identifier: Apache-2.0
// The CNI plugin entry (argv[0] == knetctl-cni): CNI_* environment and stdin in, result
// or error JSON on stdout. No CLI parsing on this path: it runs on every pod start.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

// Not cmd/knetctl/common.h: CLI11 pulls in <iostream>, whose static initialisation costs
// this exec path memory and time. The declaration matches the one there.
#include "plugins/macvlan/macvlan.h"
#include "plugins/skel/skel.h"

namespace knetctl::cli {

int RunCniPlugin();

namespace {

std::string ReadStdin() {
  std::string s;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    s.append(buf, static_cast<size_t>(n));
  }
  return s;
}

void Print(const nlohmann::json& j) {
  std::string s = j.dump(4, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

int RunCniPlugin() {
  const char* cmd = std::getenv("CNI_COMMAND");
  if (!cmd || !*cmd) {
    std::fprintf(stderr, "knetctl-cni: the macvlan CNI plugin with in-process host-local IPAM (knetctl %s)\n"
                         "CNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n"
                         "Run by a container runtime with CNI_COMMAND=ADD|DEL|CHECK|VERSION|STATUS|GC;\n"
                         "for manual use see `knetctl cni --help`.\n", KNETCTL_VERSION);
    return 0;
  }
  auto env = cni::LoadEnv([](const char* k) { return std::getenv(k); });
  std::string text = (env.ok() && env->command == "VERSION" && ::isatty(0)) ? std::string() : ReadStdin();
  std::string version;
  if (!env) {
    try {
      auto j = nlohmann::json::parse(text);
      if (j.is_object() && j.contains("cniVersion") && j["cniVersion"].is_string()) version = j["cniVersion"];
    } catch (const nlohmann::json::exception&) {
    }
    Print(cni::ErrorJson(env.error(), version));
    return 1;
  }
  Result<macvlan::Outcome> out = MakeError(ErrorCode::kGeneric, "not run");
  try {
    out = macvlan::Run(*env, text, "stdin", /*dry_run=*/false, &version);
  } catch (const std::exception& e) {
    // Never die without an answer on stdout: the runtime would see no result at all.
    out = MakeError(ErrorCode::kGeneric, std::string("internal error: ") + e.what());
  }
  if (!out) {
    Print(cni::ErrorJson(out.error(), version));
    return 1;
  }
  if (!out->output.is_null()) Print(out->output);
  return 0;
}

}  // namespace knetctl::cli
