// SPDX-License-Identifier: Apache-2.0
#include "core/firewall/firewalld.h"

#include "core/files.h"
#include "core/firewall/command.h"

namespace knetctl::firewall {
namespace {

class Systemd : public ServiceManager {
 public:
  explicit Systemd(std::string root) : root_(std::move(root)) {}

  bool Available() const override {
    bool own_root = root_.empty() || root_ == "/";
    // sd_booted(3): systemd is PID 1 exactly when this directory exists.
    return own_root && PathExists("/run/systemd/system");
  }

  Result<std::string> ActiveState(const std::string& unit) override {
    return Query("is-active", unit);
  }
  Result<std::string> EnabledState(const std::string& unit) override {
    return Query("is-enabled", unit);
  }

  Result<std::string> Query(const std::string& verb, const std::string& unit) {
    auto r = RunCommand({"systemctl", verb, unit});
    if (!r) return r.error();
    std::string s = r->out;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s.empty() ? std::string("unknown") : s;
  }

  bool Installed(const std::string& unit) const override {
    for (const char* dir :
         {"/etc/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/"}) {
      if (PathExists(RootPath(root_, dir + unit))) return true;
    }
    return false;
  }

  Status Systemctl(const std::vector<std::string>& args) override {
    std::vector<std::string> argv{"systemctl"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = RunCommand(argv);
    if (!r) return r.error();
    if (r->status != 0) {
      std::string cmd;
      for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
      return MakeError(ErrorCode::kIoFailure,
                       "failed to run " + cmd + ": exit status " + std::to_string(r->status));
    }
    return {};
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<ServiceManager> MakeSystemd(const std::string& root) {
  return std::make_unique<Systemd>(root);
}

std::string FirewalldState(ServiceManager& sm) {
  if (!sm.Available()) return "unknown";
  if (!sm.Installed("firewalld.service")) return "not-installed";
  auto state = sm.ActiveState("firewalld.service");
  if (!state) return "unknown";
  // activating/reloading count as active: firewalld will own the ruleset.
  if (*state == "active" || *state == "activating" || *state == "reloading") return "active";
  return "inactive";
}

std::vector<std::vector<std::string>> PlanDisableFirewalld(ServiceManager& sm) {
  std::vector<std::vector<std::string>> plan;
  if (!sm.Available()) return plan;
  auto is = [&](const std::string& unit, bool active, const char* want) {
    auto st = active ? sm.ActiveState(unit) : sm.EnabledState(unit);
    return st.ok() && *st == want;
  };
  if (sm.Installed("firewalld.service") &&
      (FirewalldState(sm) == "active" || is("firewalld.service", false, "enabled"))) {
    plan.push_back({"disable", "--now", "firewalld.service"});
  }
  for (const char* unit : {"iptables.service", "ip6tables.service"}) {
    if (sm.Installed(unit) && !is(unit, false, "enabled")) plan.push_back({"enable", unit});
  }
  return plan;
}

}  // namespace knetctl::firewall
