// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"

namespace knetctl::cli {

// TODO(bootstrap): the fw command group is registered here.
void SetupFwCommand(CLI::App& app, Context& ctx) {}

}  // namespace knetctl::cli
