// SPDX-License-Identifier: Apache-2.0
// The on-disk lease store, file-for-file compatible with the reference host-local:
//   <dataDir>/<network>/<ip>                 "<containerID>\r\n<ifname>" (older: ID only)
//   <dataDir>/<network>/last_reserved_ip.<N> the last address handed out from range set N
//   <dataDir>/<network>/lock                 held with flock(LOCK_EX) around every change
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/cidr.h"
#include "core/files.h"
#include "core/result.h"
#include "core/unique_fd.h"

namespace knetctl::hostlocal {

/// One lease file.
struct Lease {
  IpAddress ip;
  std::string container_id;
  std::string ifname;         ///< empty for old ID-only files
};

/// Hash for IpAddress sets.
struct IpHash {
  size_t operator()(const IpAddress& ip) const;
};

/// An open, locked network directory. All methods require the lock (held for the
/// object's lifetime), like the reference's Lock()/Unlock() around each operation.
class Store {
 public:
  /// Creates <data_dir>/<network> if needed and takes its lock (waits up to
  /// `timeout_ms`, then fails with code 11 "try again later").
  static Result<Store> Open(const std::string& data_dir, const std::string& network, int timeout_ms = 30000);

  /// Creates the lease file for `ip` exclusively (never through a symlink, mode 0600)
  /// and records it as the range set's last reservation. false: already taken.
  Result<bool> Reserve(const std::string& id, const std::string& ifname, const IpAddress& ip, int range_set);
  /// Every address with a lease file (one readdir; no file is opened).
  Result<std::unordered_set<IpAddress, IpHash>> TakenAddresses() const;
  /// The taken addresses, sorted. Served from the index file
  /// `<dataDir>/.knetctl-index.<network>` (outside the network directory, which keeps
  /// only the reference's files) when the directory has not changed since it was written
  /// (same inode and mtime), else from one readdir (and the index is rewritten). The index is only a hint: a stale entry
  /// costs one failed exclusive create, never a duplicate lease.
  Result<const std::vector<IpAddress>*> SortedTaken();
  /// The range set's last reservation, if recorded.
  std::optional<IpAddress> LastReserved(int range_set) const;
  /// Every lease with its owner.
  Result<std::vector<Lease>> List() const;
  /// Addresses leased to (id, ifname) (or to id in an old ID-only file).
  Result<std::vector<IpAddress>> GetById(const std::string& id, const std::string& ifname) const;
  /// Releases every lease of (id, ifname); when none matches, those of ID-only files
  /// holding `id` (the reference's backwards compatibility). Returns how many.
  Result<int> ReleaseById(const std::string& id, const std::string& ifname);
  /// Removes one lease file.
  Status Release(const IpAddress& ip);

  /// The directory path.
  const std::string& dir() const { return dir_; }

 private:
  Store(std::string dir, UniqueFd dir_fd, FileLock lock)
      : dir_(std::move(dir)), dir_fd_(std::move(dir_fd)), lock_(std::move(lock)) {}
  void SaveIndex();
  void IndexAdd(const IpAddress& ip);
  void IndexRemove(const IpAddress& ip);
  std::optional<std::vector<IpAddress>> taken_;  ///< loaded sorted view, kept in step
  std::string dir_;
  std::string index_path_;
  UniqueFd dir_fd_;
  FileLock lock_;
};

/// Parses lease file content: "<id>\r\n<ifname>" or "<id>" (surrounding space trimmed).
Lease ParseLease(const std::string& content);

}  // namespace knetctl::hostlocal
