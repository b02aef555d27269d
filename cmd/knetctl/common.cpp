// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"

#include <cstdio>
#include <iostream>

#include "core/netns.h"

namespace knetctl::cli {

void AddGlobalOptions(CLI::App& app, GlobalOptions& opts) {
  app.add_option("-o,--output", opts.output, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  app.add_flag("--dry-run,-n", opts.dry_run, "Report what would change; change nothing");
  app.add_option("--root", opts.root, "Prefix every file path with DIR (image builders, tests)")
      ->type_name("DIR");
  app.add_option("--netns", opts.netns, "Run inside the network namespace at PATH")
      ->type_name("PATH");
  app.add_flag("-v,--verbose", opts.verbose, "More detail (repeatable)");
}

int Render(const Report& r, const GlobalOptions& opts) {
  if (opts.output == "json") {
    nlohmann::ordered_json j;
    j["changed"] = r.changed;
    j["dry_run"] = opts.dry_run;
    j["actions"] = r.actions;
    j["warnings"] = r.warnings;
    for (auto& [k, v] : r.fields.items()) j[k] = v;
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& line : r.text) std::cout << line << "\n";
    for (const auto& a : r.actions) std::cout << (opts.dry_run ? "would: " : "done: ") << a << "\n";
    if (r.actions.empty() && r.exit_status == kExitOk && r.text.empty())
      std::cout << "nothing to do\n";
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  }
  std::cout.flush();
  return r.exit_status;
}

int RenderError(const Error& e, const GlobalOptions& opts) {
  std::cerr << "knetctl: " << e.msg << "\n";
  if (!e.details.empty()) std::cerr << "  " << e.details << "\n";
  if (opts.output == "json") {
    nlohmann::ordered_json j;
    j["changed"] = false;
    j["failed"] = true;
    j["dry_run"] = opts.dry_run;
    j["actions"] = nlohmann::ordered_json::array();
    j["warnings"] = nlohmann::ordered_json::array();
    j["msg"] = e.msg;
    if (!e.details.empty()) j["details"] = e.details;
    j["code"] = static_cast<int>(e.code);
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    std::cout.flush();
  }
  return kExitError;
}

void Execute(Context& ctx, const std::function<Result<Report>()>& fn) {
  Result<Report> result = [&]() -> Result<Report> {
    auto guard = NetnsGuard::Enter(ctx.opts.netns);
    if (!guard) return guard.error();
    try {
      return fn();
    } catch (const std::exception& e) {
      // Library exceptions are meant to be caught where they are raised; one that
      // escapes still ends as an error the caller can read, not an abort.
      return MakeError(ErrorCode::kGeneric, std::string("internal error: ") + e.what());
    }
  }();
  ctx.exit_status = result ? Render(*result, ctx.opts) : RenderError(result.error(), ctx.opts);
}

}  // namespace knetctl::cli
