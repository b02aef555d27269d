// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"

namespace knetctl::cli {

// TODO(bootstrap): the cni command group is registered here.
void SetupCniCommand(CLI::App& app, Context& ctx) {}

}  // namespace knetctl::cli
