// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace knetctl::shim {

/// packaging/network-scripts/ifup-macvlan, byte for byte.
extern const char* const kIfupMacvlan;
/// packaging/network-scripts/ifdown-macvlan, byte for byte.
extern const char* const kIfdownMacvlan;

}  // namespace knetctl::shim
