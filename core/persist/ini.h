// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace knetctl::persist {

/// An INI file as systemd units/.network files and NetworkManager keyfiles use them:
/// `[Section]` headers, `Key=Value` lines, `#`/`;` comments. Sections and keys may
/// repeat (networkd's [Address], Address=). Untouched lines render byte for byte.
class IniFile {
 public:
  /// Parses `text`; anything that is neither header nor assignment is kept verbatim.
  static IniFile Parse(const std::string& text);

  /// Every value of `key` in every section named `section`, in order.
  std::vector<std::string> GetAll(const std::string& section, const std::string& key) const;
  /// The last value of `key` in sections named `section`.
  std::optional<std::string> Get(const std::string& section, const std::string& key) const;
  /// Replaces the last `key` of the last `section` (removing earlier ones in it), or
  /// appends it to that section, or appends the section.
  void Set(const std::string& section, const std::string& key, const std::string& value);
  /// Appends `key=value` to the last `section` (created if missing), keeping others.
  void Add(const std::string& section, const std::string& key, const std::string& value);
  /// Removes `key` from every section named `section`; returns how many were removed.
  int Remove(const std::string& section, const std::string& key);
  /// Removes keys matching `pred` from every section named `section`.
  template <typename Pred>
  int RemoveIf(const std::string& section, Pred pred) {
    int n = 0;
    for (size_t i = 0; i < lines_.size();) {
      if (!lines_[i].header && lines_[i].section == section && !lines_[i].key.empty() &&
          pred(lines_[i].key)) {
        lines_.erase(lines_.begin() + static_cast<long>(i));
        ++n;
      } else {
        ++i;
      }
    }
    return n;
  }
  /// Removes every section named `section` (header and body) and returns their text.
  std::vector<std::string> TakeSections(const std::string& section);
  /// True when a section of that name exists.
  bool HasSection(const std::string& section) const;
  /// The file text.
  std::string Render() const;

 private:
  struct Line {
    std::string raw;
    std::string section;  ///< the section this line belongs to ("" before any header)
    std::string key;
    std::string value;
    bool header = false;
  };
  size_t EndOfLastSection(const std::string& section) const;
  std::vector<Line> lines_;
};

}  // namespace knetctl::persist
