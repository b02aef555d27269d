// SPDX-License-Identifier: Apache-2.0
// Test helpers: the testdata/kube trees and throwaway --root trees.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace knetctl::kube::testing {

/// testdata/kube/<name> in the source tree.
inline std::string TestTree(const std::string& name) {
  return std::string(KNETCTL_SOURCE_DIR) + "/testdata/kube/" + name;
}

/// A temporary directory removed with its contents on destruction.
class TempTree {
 public:
  TempTree() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "knetctl-kube-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  ~TempTree() { std::filesystem::remove_all(dir_); }
  const std::string& root() const { return dir_; }
  /// Writes `content` to root + node_path, creating directories.
  void Write(const std::string& node_path, const std::string& content) const {
    std::filesystem::path p = dir_ + node_path;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

 private:
  std::string dir_;
};

}  // namespace knetctl::kube::testing
