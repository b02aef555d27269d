// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/netlink/socket.h"
#include "core/result.h"
#include "core/shim/plan.h"

namespace knetctl::shim {

/// Something executed that can be taken back.
struct Undo {
  Step step;                  ///< the step that was executed
  netlink::LinkInfo deleted;  ///< kDeleteLink: the link as it was
};

/// Executes a plan step by step in the calling thread's namespace. Returns the undo
/// log of what ran; on failure the executed steps are undone in reverse order (the
/// state before the call comes back) and the error says what failed and whether the
/// rollback was complete.
///
/// Test hook (hidden): KNETCTL_TEST_PAUSE_AT=<tag>[:<n>] pauses before the n-th
/// (default 1st) step with that tag ("add-addr", "replace-route", ...); it creates the
/// file named by KNETCTL_TEST_PAUSE_FILE (if set) and sleeps
/// KNETCTL_TEST_PAUSE_SECONDS (default 30), so a test can kill -9 at that point.
Result<std::vector<Undo>> ApplyPlan(nl_sock* sock, const Plan& plan);

/// Undoes `log` in reverse order. Errors are collected, not fatal: as much as possible
/// is restored.
Status Rollback(nl_sock* sock, const std::vector<Undo>& log);

}  // namespace knetctl::shim
