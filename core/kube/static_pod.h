// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/kube/origin.h"
#include "core/result.h"

namespace knetctl::kube {

/// Reads the command line of `program` (e.g. "kube-apiserver") from a static pod
/// manifest (kubeadm's /etc/kubernetes/manifests/kube-apiserver.yaml): the container
/// named `program`, or whose command[0] runs it; its `command` then `args`, each
/// argument with its file:line:column. Malformed YAML or a manifest without such a
/// container are errors with file:line:column.
Result<CommandLine> ParseStaticPodCommand(const std::string& text, const std::string& file,
                                          const std::string& program);

}  // namespace knetctl::kube
