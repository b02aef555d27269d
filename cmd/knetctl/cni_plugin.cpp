// SPDX-License-Identifier: Apache-2.0
#include "cmd/knetctl/common.h"

namespace knetctl::cli {

// TODO(bootstrap): replaced by the plugin entry.
int RunCniPlugin() { return 1; }

}  // namespace knetctl::cli
