// SPDX-License-Identifier: Apache-2.0
#include "core/shim/file_txn.h"

#include <unistd.h>

#include "core/files.h"

namespace knetctl::shim {
namespace {

struct Before {
  std::string path;
  std::optional<std::string> content;
};

std::string Describe(const FileOp& op) {
  std::string s = op.content ? "write " + op.path : "remove " + op.path;
  if (!op.why.empty()) s += " (" + op.why + ")";
  return s;
}

Result<bool> WouldChange(const FileOp& op) {
  if (!PathExists(op.path)) return op.content.has_value();
  if (!op.content) return true;
  auto cur = ReadFile(op.path);
  if (!cur) return true;  // unreadable (e.g. a directory): writing it will say why it fails
  return *cur != *op.content;
}

}  // namespace

Result<std::vector<std::string>> PendingFileOps(const std::vector<FileOp>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    auto c = WouldChange(op);
    if (!c) return c.error();
    if (*c) out.push_back(Describe(op));
  }
  return out;
}

Result<std::vector<std::string>> ApplyFileOps(const std::vector<FileOp>& ops) {
  std::vector<Before> done;
  std::vector<std::string> actions;
  auto rollback = [&](Error err) -> Error {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      if (it->content) {
        WriteOptions o;
        o.keep_backup = false;
        (void)AtomicWrite(it->path, *it->content, o);
      } else {
        ::unlink(it->path.c_str());
      }
    }
    if (err.details.empty()) err.details = "files restored to their previous content";
    return err;
  };
  auto snapshot = [](const std::string& path) -> Result<Before> {
    Before b{path, std::nullopt};
    if (PathExists(path)) {
      auto cur = ReadFile(path);
      if (!cur) return cur.error();
      b.content = *cur;
    }
    return b;
  };
  for (const auto& op : ops) {
    // The backup this op may write is part of the transaction too.
    auto before_backup = snapshot(op.backup.empty() ? op.path + ".bak" : op.backup);
    if (!before_backup) return rollback(before_backup.error());
    done.push_back(std::move(*before_backup));
    auto snap = snapshot(op.path);
    if (!snap) return rollback(snap.error());
    Before before = std::move(*snap);
    if (op.content) {
      WriteOptions o;
      o.mode = op.mode;
      o.create_dirs = true;
      o.backup_path = op.backup;
      auto w = AtomicWrite(op.path, *op.content, o);
      if (!w) return rollback(w.error());
      if (!w->changed) continue;
    } else {
      auto r = RemoveWithBackup(op.path, op.backup);
      if (!r) return rollback(r.error());
      if (!r->changed) continue;
    }
    done.push_back(std::move(before));
    actions.push_back(Describe(op));
  }
  return actions;
}

}  // namespace knetctl::shim
