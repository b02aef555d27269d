// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/result.h"

namespace knetctl::kube {

/// YAML::LoadAll with yaml-cpp's exceptions turned into errors with file:line:column,
/// and guarded against yaml-cpp 0.7's endless loop on a stray flow entry after a
/// top-level flow collection (`{a: 1},` makes LoadAll produce empty documents until
/// memory runs out): the stream is walked first and more than `max_docs` documents is
/// an error at the first extra document.
Result<std::vector<YAML::Node>> LoadAllYaml(const std::string& text, const std::string& file,
                                            size_t max_docs = 64);

}  // namespace knetctl::kube
