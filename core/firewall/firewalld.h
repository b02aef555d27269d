// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::firewall {

/// The service manager, behind an interface so the decisions can be tested with a fake.
class ServiceManager {
 public:
  virtual ~ServiceManager() = default;
  /// True when a service manager runs that can be asked (systemd as PID 1).
  virtual bool Available() const = 0;
  /// `systemctl is-active UNIT` output: "active", "inactive", "failed", ...
  virtual Result<std::string> ActiveState(const std::string& unit) = 0;
  /// `systemctl is-enabled UNIT` output: "enabled", "disabled", "masked", ...
  virtual Result<std::string> EnabledState(const std::string& unit) = 0;
  /// True when the unit file is installed (under --root).
  virtual bool Installed(const std::string& unit) const = 0;
  /// Runs `systemctl ARGS...`.
  virtual Status Systemctl(const std::vector<std::string>& args) = 0;
};

/// The real one: systemctl. Available only when /run/systemd/system exists and no
/// --root other than "/" is given (a foreign root's services cannot be queried live).
std::unique_ptr<ServiceManager> MakeSystemd(const std::string& root);

/// firewalld's state: "active", "inactive", "not-installed", or "unknown" when no
/// service manager can be asked.
std::string FirewalldState(ServiceManager& sm);

/// The systemctl commands --disable-firewalld runs, in order: stop and disable firewalld
/// (when installed and active or enabled), then enable iptables.service (and
/// ip6tables.service) when iptables-services is installed and they are not enabled. Not started:
/// starting it would restore the file over kube-proxy's live chains. Empty when no service manager
/// can be asked.
std::vector<std::vector<std::string>> PlanDisableFirewalld(ServiceManager& sm);

}  // namespace knetctl::firewall
