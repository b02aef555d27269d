// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/kube/shell_words.h"
#include "core/result.h"

namespace knetctl::kube {

/// One `NAME=value` assignment of an environment file.
struct EnvAssignment {
  std::string name;
  EnvValue value;
};

/// Parses a shell-variable file: /etc/kubernetes/{config,apiserver,proxy} and systemd
/// EnvironmentFile= files. `NAME=value`, `export NAME=value`, values quoted with "..."
/// or '...' or bare, backslash-newline continuations, `#`/`;` comment lines. Lines that
/// are not assignments are ignored (systemd does the same). `file` names the node path
/// for origins and errors; an unterminated quote is an error with line:column.
Result<std::vector<EnvAssignment>> ParseEnvFile(const std::string& text, const std::string& file);

/// Adds assignments to `env` (later ones win, as in a shell).
void MergeEnv(const std::vector<EnvAssignment>& assignments, EnvMap& env);

}  // namespace knetctl::kube
