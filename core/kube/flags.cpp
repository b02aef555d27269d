// SPDX-License-Identifier: Apache-2.0
#include "core/kube/flags.h"

#include <set>

namespace knetctl::kube {
namespace {

// Boolean flags of kube-proxy and kube-apiserver (and klog's), which pflag never lets
// consume the next argument: `--masquerade-all /x` is a flag and a positional arg.
const std::set<std::string>& KnownBoolFlags() {
  static const std::set<std::string> k = {"masquerade-all",
                                          "cleanup",
                                          "cleanup-ipvs",
                                          "profiling",
                                          "ipvs-strict-arp",
                                          "bind-address-hard-fail",
                                          "init-only",
                                          "alsologtostderr",
                                          "logtostderr",
                                          "skip-headers",
                                          "skip-log-headers",
                                          "one-output",
                                          "add-dir-header",
                                          "help",
                                          "allow-privileged",
                                          "anonymous-auth",
                                          "enable-bootstrap-token-auth",
                                          "enable-aggregator-routing",
                                          "enable-garbage-collector",
                                          "enable-priority-and-fairness",
                                          "enable-logs-handler",
                                          "contention-profiling",
                                          "debug-socket-path-enabled",
                                          "insecure-skip-tls-verify",
                                          "kubelet-https",
                                          "endpoint-reconciler-enabled",
                                          "enable-swagger-ui",
                                          "apiserver-count-enabled",
                                          "strict-transport-security-directives-enabled",
                                          "authorization-always-allow-paths-enabled",
                                          "service-account-extend-token-expiration",
                                          "event-ttl-enabled",
                                          "version"};
  return k;
}

}  // namespace

std::optional<bool> ParseGoBool(const std::string& t) {
  if (t == "1" || t == "t" || t == "T" || t == "TRUE" || t == "true" || t == "True") return true;
  if (t == "0" || t == "f" || t == "F" || t == "FALSE" || t == "false" || t == "False")
    return false;
  return std::nullopt;
}

Result<std::optional<FlagSetting>> FindFlag(const CommandLine& cl, const std::string& name,
                                            bool is_bool) {
  std::optional<FlagSetting> found;
  const auto& args = cl.args;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i].text;
    if (a == "--") break;
    if (a.size() < 3 || a[0] != '-' || a[1] != '-') continue;
    auto eq = a.find('=');
    std::string n = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    bool flag_is_bool = KnownBoolFlags().count(n) > 0 || (n == name && is_bool);
    std::string value;
    bool has_value = false;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
      has_value = true;
    } else if (flag_is_bool) {
      value = "true";
      has_value = true;
    } else if (i + 1 < args.size() && !args[i + 1].text.starts_with("-")) {
      value = args[i + 1].text;
      has_value = true;
      ++i;
    }
    if (n != name) continue;
    const Origin& where =
        args[eq == std::string::npos && !flag_is_bool && has_value ? i - 1 : i].origin;
    if (!has_value) {
      return MakeError(ErrorCode::kInvalidConfig, "flag --" + name + " at " +
                                                      where.ToStringWithColumn() + " (" + cl.what +
                                                      ") has no value");
    }
    if (found && found->value != value) {
      return MakeError(ErrorCode::kInvalidConfig,
                       "conflicting --" + name + " in " + cl.what + ": \"" + found->value +
                           "\" at " + found->origin.ToStringWithColumn() + " and \"" + value +
                           "\" at " + where.ToStringWithColumn() + "; keep exactly one");
    }
    if (!found) found = FlagSetting{name, value, where, cl.what};
  }
  return found;
}

}  // namespace knetctl::kube
