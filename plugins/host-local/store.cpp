// SPDX-License-Identifier: Apache-2.0
#include "plugins/host-local/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <sys/socket.h>

namespace knetctl::hostlocal {
namespace {

constexpr const char* kLineBreak = "\r\n";
constexpr char kIndexMagic[8] = {'K', 'N', 'T', 'A', 'K', 'E', 'N', '1'};

// Index file layout (native endian): header, then `count` entries of family byte + 16 address bytes.
struct IndexHeader {
  char magic[8];
  uint64_t dir_ino;
  int64_t mtime_sec;
  int64_t mtime_nsec;
  uint64_t count;
};
constexpr size_t kEntrySize = 17;

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool IsMetaFile(const char* name) {
  return std::strcmp(name, "lock") == 0 || std::strncmp(name, "last_reserved_ip", 16) == 0 || name[0] == '.';
}

Result<std::string> ReadAt(int dir_fd, const char* name, const std::string& dir) {
  UniqueFd fd(::openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return ErrnoError("failed to read " + dir + "/" + name, errno);
  std::string out;
  char buf[512];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("failed to read " + dir + "/" + name, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Calls fn(name) for every regular lease-file name in the directory.
template <typename Fn>
Status ForEachEntry(int dir_fd, const std::string& dir, Fn fn) {
  int dup = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup < 0) return ErrnoError("failed to open directory " + dir, errno);
  DIR* d = ::fdopendir(dup);
  if (!d) {
    ::close(dup);
    return ErrnoError("failed to read directory " + dir, errno);
  }
  while (dirent* e = ::readdir(d)) {
    if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN) continue;
    if (IsMetaFile(e->d_name)) continue;
    fn(e->d_name);
  }
  ::closedir(d);
  return {};
}

}  // namespace

size_t IpHash::operator()(const IpAddress& ip) const {
  size_t h = static_cast<size_t>(ip.family);
  for (size_t i = 0; i < ip.size(); ++i) h = h * 131 + ip.bytes[i];
  return h;
}

Lease ParseLease(const std::string& content) {
  Lease l;
  std::string t = Trim(content);
  size_t br = t.find(kLineBreak);
  if (br == std::string::npos) {
    l.container_id = t;
  } else {
    l.container_id = Trim(t.substr(0, br));
    l.ifname = Trim(t.substr(br + 2));
  }
  return l;
}

Result<Store> Store::Open(const std::string& data_dir, const std::string& network, int timeout_ms) {
  std::string dir = data_dir + "/" + network;
  KNETCTL_TRY(MakeDirs(dir, 0755));
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return ErrnoError("failed to open IPAM store " + dir, errno);
  auto lock = FileLock::Acquire(dir + "/lock", timeout_ms);
  if (!lock) return lock.error();
  Store s(dir, std::move(fd), std::move(*lock));
  s.index_path_ = data_dir + "/.knetctl-index." + network;
  return s;
}

Result<bool> Store::Reserve(const std::string& id, const std::string& ifname, const IpAddress& ip, int range_set) {
  std::string name = ip.ToString();
  // O_EXCL|O_CREAT never follows a symlink: an existing entry of any kind means "taken".
  UniqueFd fd(::openat(dir_fd_.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    if (errno == EEXIST) {
      IndexAdd(ip);  // taken behind the index's back: remember it
      return false;
    }
    return ErrnoError("failed to create lease file " + dir_ + "/" + name, errno);
  }
  std::string content = id + kLineBreak + ifname;
  auto w = WriteAll(fd.get(), content, dir_ + "/" + name);
  if (!w.ok()) {
    ::unlinkat(dir_fd_.get(), name.c_str(), 0);
    return w.error();
  }
  // The reference reads this file with net.ParseIP on the raw bytes: no newline.
  std::string last = "last_reserved_ip." + std::to_string(range_set);
  UniqueFd lf(::openat(dir_fd_.get(), last.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  Status lw = lf.valid() ? WriteAll(lf.get(), name, dir_ + "/" + last)
                         : Status(ErrnoError("failed to write " + dir_ + "/" + last, errno));
  if (!lw.ok()) {
    ::unlinkat(dir_fd_.get(), name.c_str(), 0);
    return lw.error();
  }
  if (taken_) {
    IndexAdd(ip);
    SaveIndex();
  }
  return true;
}

Result<std::unordered_set<IpAddress, IpHash>> Store::TakenAddresses() const {
  std::unordered_set<IpAddress, IpHash> taken;
  KNETCTL_TRY(ForEachEntry(dir_fd_.get(), dir_, [&](const char* name) {
    auto ip = IpAddress::Parse(name);
    if (ip) taken.insert(*ip);
  }));
  return taken;
}

Result<const std::vector<IpAddress>*> Store::SortedTaken() {
  if (taken_) return &*taken_;
  struct stat dst;
  if (::fstat(dir_fd_.get(), &dst) != 0) return ErrnoError("failed to stat " + dir_, errno);
  UniqueFd fd(::open(index_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  IndexHeader h{};
  struct stat ist;
  if (fd.valid() && ::fstat(fd.get(), &ist) == 0 && ::pread(fd.get(), &h, sizeof h, 0) == sizeof h &&
      std::memcmp(h.magic, kIndexMagic, 8) == 0 && h.dir_ino == dst.st_ino && h.mtime_sec == dst.st_mtim.tv_sec &&
      h.mtime_nsec == dst.st_mtim.tv_nsec &&
      static_cast<uint64_t>(ist.st_size) == sizeof h + h.count * kEntrySize) {
    std::string raw(h.count * kEntrySize, '\0');
    if (::pread(fd.get(), raw.data(), raw.size(), sizeof h) == static_cast<ssize_t>(raw.size())) {
      std::vector<IpAddress> v(h.count);
      for (uint64_t i = 0; i < h.count; ++i) {
        const char* e = raw.data() + i * kEntrySize;
        v[i].family = e[0] == 6 ? AF_INET6 : AF_INET;
        std::memcpy(v[i].bytes.data(), e + 1, 16);
      }
      taken_ = std::move(v);
      return &*taken_;
    }
  }
  auto set = TakenAddresses();
  if (!set) return set.error();
  taken_.emplace(set->begin(), set->end());
  std::sort(taken_->begin(), taken_->end());
  SaveIndex();
  return &*taken_;
}

// Best effort: a missing or unwritable index only means the next ADD reads the directory.
void Store::SaveIndex() {
  if (!taken_) return;
  UniqueFd fd(::open(index_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return;
  struct stat dst;
  if (::fstat(dir_fd_.get(), &dst) != 0) return;
  IndexHeader h{};  // zero magic first: a torn write is never taken as valid
  std::string raw(taken_->size() * kEntrySize, '\0');
  for (size_t i = 0; i < taken_->size(); ++i) {
    char* e = raw.data() + i * kEntrySize;
    e[0] = (*taken_)[i].is_v6() ? 6 : 4;
    std::memcpy(e + 1, (*taken_)[i].bytes.data(), 16);
  }
  if (::pwrite(fd.get(), &h, sizeof h, 0) != sizeof h) return;
  if (::pwrite(fd.get(), raw.data(), raw.size(), sizeof h) != static_cast<ssize_t>(raw.size())) return;
  if (::ftruncate(fd.get(), static_cast<off_t>(sizeof h + raw.size())) != 0) return;
  std::memcpy(h.magic, kIndexMagic, 8);
  h.dir_ino = dst.st_ino;
  h.mtime_sec = dst.st_mtim.tv_sec;
  h.mtime_nsec = dst.st_mtim.tv_nsec;
  h.count = taken_->size();
  (void)::pwrite(fd.get(), &h, sizeof h, 0);
}

void Store::IndexAdd(const IpAddress& ip) {
  if (!taken_) return;
  auto it = std::lower_bound(taken_->begin(), taken_->end(), ip);
  if (it == taken_->end() || *it != ip) taken_->insert(it, ip);
}

void Store::IndexRemove(const IpAddress& ip) {
  if (!taken_) return;
  auto it = std::lower_bound(taken_->begin(), taken_->end(), ip);
  if (it != taken_->end() && *it == ip) taken_->erase(it);
}

std::optional<IpAddress> Store::LastReserved(int range_set) const {
  std::string last = "last_reserved_ip." + std::to_string(range_set);
  auto text = ReadAt(dir_fd_.get(), last.c_str(), dir_);
  if (!text) return std::nullopt;
  auto ip = IpAddress::Parse(Trim(*text));
  if (!ip) return std::nullopt;
  return *ip;
}

Result<std::vector<Lease>> Store::List() const {
  std::vector<Lease> out;
  Status inner;
  KNETCTL_TRY(ForEachEntry(dir_fd_.get(), dir_, [&](const char* name) {
    auto ip = IpAddress::Parse(name);
    if (!ip) return;
    auto text = ReadAt(dir_fd_.get(), name, dir_);
    if (!text) return;  // released meanwhile by a process that ignores the lock
    Lease l = ParseLease(*text);
    l.ip = *ip;
    out.push_back(l);
  }));
  return out;
}

Result<std::vector<IpAddress>> Store::GetById(const std::string& id, const std::string& ifname) const {
  auto all = List();
  if (!all) return all.error();
  std::vector<IpAddress> out;
  for (const auto& l : *all)
    if (l.container_id == id && (l.ifname == ifname || l.ifname.empty())) out.push_back(l.ip);
  return out;
}

Result<int> Store::ReleaseById(const std::string& id, const std::string& ifname) {
  auto all = List();
  if (!all) return all.error();
  // Every lease was just read: refresh the index from it.
  taken_.emplace();
  for (const auto& l : *all) taken_->push_back(l.ip);
  std::sort(taken_->begin(), taken_->end());
  int n = 0;
  for (int pass = 0; pass < 2 && n == 0; ++pass) {
    for (const auto& l : *all) {
      bool match = pass == 0 ? (l.container_id == id && l.ifname == ifname) : (l.container_id == id && l.ifname.empty());
      if (!match) continue;
      KNETCTL_TRY(Release(l.ip));
      ++n;
    }
  }
  SaveIndex();
  return n;
}

Status Store::Release(const IpAddress& ip) {
  std::string name = ip.ToString();
  if (::unlinkat(dir_fd_.get(), name.c_str(), 0) != 0 && errno != ENOENT)
    return ErrnoError("failed to remove lease file " + dir_ + "/" + name, errno);
  IndexRemove(ip);
  return {};
}

}  // namespace knetctl::hostlocal
