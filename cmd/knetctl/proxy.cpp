// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"

namespace knetctl::cli {

// TODO(bootstrap): the proxy command group is registered here.
void SetupProxyCommand(CLI::App& app, Context& ctx) {}

}  // namespace knetctl::cli
