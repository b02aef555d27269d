// SPDX-License-Identifier: Apache-2.0
#include "core/kube/static_pod.h"

#include <yaml-cpp/yaml.h>

#include "core/kube/parse_error.h"

namespace knetctl::kube {
namespace {

std::string BaseName(const std::string& p) {
  auto s = p.find_last_of('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

}  // namespace

Result<CommandLine> ParseStaticPodCommand(const std::string& text, const std::string& file,
                                          const std::string& program) {
  try {
    YAML::Node doc = YAML::Load(text);
    if (!doc.IsMap())
      return YamlFieldError(doc, file, "expected a Pod manifest (a mapping with spec.containers)");
    YAML::Node spec = doc["spec"];
    if (!spec.IsDefined() || !spec.IsMap())
      return YamlFieldError(doc, file, "spec is missing or not a mapping");
    YAML::Node containers = spec["containers"];
    if (!containers.IsDefined() || !containers.IsSequence())
      return YamlFieldError(spec, file, "spec.containers is missing or not a list");
    for (const auto& c : containers) {
      if (!c.IsMap()) return YamlFieldError(c, file, "spec.containers[] entries must be mappings");
      YAML::Node name = c["name"];
      YAML::Node command = c["command"];
      YAML::Node args = c["args"];
      for (const auto& list : {command, args}) {
        if (list.IsDefined() && !list.IsNull() && !list.IsSequence())
          return YamlFieldError(list, file, "command and args must be lists of strings");
      }
      bool named = name.IsDefined() && name.IsScalar() && name.Scalar() == program;
      bool runs = command.IsDefined() && command.IsSequence() && command.size() > 0 &&
                  command[0].IsScalar() && BaseName(command[0].Scalar()) == program;
      if (!named && !runs) continue;
      CommandLine cl;
      cl.what = "static pod " + file;
      cl.origin = YamlOrigin(c, file);
      for (const auto& list : {command, args}) {
        if (!list.IsDefined() || list.IsNull()) continue;
        for (const auto& item : list) {
          if (!item.IsScalar()) return YamlFieldError(item, file, "command and args must be lists of strings");
          cl.args.push_back(Arg{item.Scalar(), YamlOrigin(item, file)});
        }
      }
      // Without `command` the image's entrypoint is the program; keep argv[0] in place.
      if (!command.IsDefined() || command.IsNull() || command.size() == 0)
        cl.args.insert(cl.args.begin(), Arg{program, cl.origin});
      return cl;
    }
    return YamlFieldError(containers, file, "no " + program + " container in spec.containers");
  } catch (const YAML::Exception& e) {
    return YamlError(e, file);
  }
}

}  // namespace knetctl::kube
