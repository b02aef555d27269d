// SPDX-License-Identifier: Apache-2.0
#include "core/kube/yaml_load.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

#include "core/kube/parse_error.h"

namespace knetctl::kube {
namespace {

// Sees only where documents start; the parser does the syntax checks.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  const YAML::Mark& last() const { return last_; }

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

}  // namespace

Result<std::vector<YAML::Node>> LoadAllYaml(const std::string& text, const std::string& file,
                                            size_t max_docs) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentCounter counter;
    size_t docs = 0;
    while (parser.HandleNextDocument(counter)) {
      if (++docs > max_docs) {
        const YAML::Mark& m = counter.last();
        return MakeError(ErrorCode::kDecodeFailure,
                         "failed to parse " + file + ":" + std::to_string(m.line + 1) + ":" +
                             std::to_string(m.column + 1) + ": more than " +
                             std::to_string(max_docs) +
                             " YAML documents (a stray ',' after a flow collection?)");
      }
    }
    return YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    return YamlError(e, file);
  }
}

}  // namespace knetctl::kube
