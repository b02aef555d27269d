// SPDX-License-Identifier: Apache-2.0
#include "core/kube/kube_proxy_config.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <vector>

#include "core/kube/parse_error.h"
#include "core/kube/yaml_load.h"

namespace knetctl::kube {
namespace {

// Looks up `key` in a mapping, treating a key given twice with different values as the
// conflicting duplicate it is (sigs.k8s.io/yaml rejects duplicate keys too).
Result<YAML::Node> Lookup(const YAML::Node& map, const std::string& key, const std::string& file) {
  // Copies, never assignments: assigning to a yaml-cpp Node rewrites the node it refers to.
  std::optional<YAML::Node> found;
  std::optional<YAML::Node> found_key;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar() || kv.first.Scalar() != key) continue;
    if (found) {
      return YamlFieldError(kv.first, file,
                        "conflicting duplicate key \"" + key + "\" (first at " +
                            YamlOrigin(*found_key, file).ToStringWithColumn() + "); keep exactly one");
    }
    found.emplace(kv.second);
    found_key.emplace(kv.first);
  }
  if (!found) return YAML::Node(YAML::NodeType::Undefined);
  return *found;
}

}  // namespace

Result<KubeProxyConfig> ParseKubeProxyConfig(const std::string& text, const std::string& file) {
  try {
    auto loaded = LoadAllYaml(text, file);
    if (!loaded) return loaded.error();
    const std::vector<YAML::Node>& docs = *loaded;
    for (const auto& doc : docs) {
      if (!doc.IsMap()) continue;
      auto kind = Lookup(doc, "kind", file);
      if (!kind) return kind.error();
      if (!kind->IsDefined() || !kind->IsScalar() || kind->Scalar() != "KubeProxyConfiguration")
        continue;
      KubeProxyConfig cfg;
      cfg.document = YamlOrigin(doc, file);
      auto cidr = Lookup(doc, "clusterCIDR", file);
      if (!cidr) return cidr.error();
      if (cidr->IsDefined() && !cidr->IsNull()) {
        if (!cidr->IsScalar())
          return YamlFieldError(*cidr, file, "clusterCIDR must be a string such as \"10.32.0.0/24\"");
        cfg.cluster_cidr = cidr->Scalar();
        cfg.cluster_cidr_origin = YamlOrigin(*cidr, file);
      }
      // masqueradeAll lives at the top level and, in v1alpha1, under iptables: (which
      // the ipvs proxier reads too); linux: in later versions. All must agree.
      std::vector<std::pair<std::string, YAML::Node>> places = {{"masqueradeAll", doc}};
      for (const char* sub : {"iptables", "linux"}) {
        auto s = Lookup(doc, sub, file);
        if (!s) return s.error();
        if (s->IsDefined() && s->IsMap())
          places.emplace_back(std::string(sub) + ".masqueradeAll", *s);
      }
      std::string where_set;
      for (const auto& [name, map] : places) {
        auto v = Lookup(map, "masqueradeAll", file);
        if (!v) return v.error();
        if (!v->IsDefined() || v->IsNull()) continue;
        bool b = false;
        if (!v->IsScalar() || !YAML::convert<bool>::decode(*v, b))
          return YamlFieldError(*v, file,
                            name + " must be true or false, got \"" +
                                (v->IsScalar() ? v->Scalar() : std::string("a non-scalar")) + "\"");
        if (cfg.masquerade_all && *cfg.masquerade_all != b) {
          return YamlFieldError(*v, file,
                            "conflicting " + name + ": " + (b ? "true" : "false") + " here but " +
                                (*cfg.masquerade_all ? "true" : "false") + " at " +
                                cfg.masquerade_all_origin.ToStringWithColumn() + " (" + where_set +
                                "); keep exactly one");
        }
        // The most specific true wins for reporting; either place enables it.
        if (!cfg.masquerade_all) {
          cfg.masquerade_all = b;
          cfg.masquerade_all_origin = YamlOrigin(*v, file);
          cfg.masquerade_all_key = name;
          where_set = name;
        }
      }
      return cfg;
    }
    return MakeError(ErrorCode::kInvalidConfig,
                     "failed to parse " + file +
                         ": no KubeProxyConfiguration document in it (expected \"kind: "
                         "KubeProxyConfiguration\")");
  } catch (const YAML::Exception& e) {
    return YamlError(e, file);
  }
}

}  // namespace knetctl::kube
