// SPDX-License-Identifier: Apache-2.0
// Links through libnl-route-3. This netlink layer (socket.h, link.h, addr.h, route.h,
// sysctl.h) is SHARED between the CNI plugin and `knetctl shim`: keep it general (no CNI
// or shim policy here) and backwards compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/netlink/socket.h"
#include "core/result.h"

namespace knetctl::netlink {

/// What the kernel reports about one link.
struct LinkInfo {
  std::string name;
  int index = 0;
  std::string kind;           ///< "macvlan", "veth", ... ; empty for plain devices
  std::string macvlan_mode;   ///< "bridge", "private", "vepa", "passthru", "source" (macvlan only)
  int parent_index = 0;       ///< IFLA_LINK (e.g. a macvlan's master); may be in another netns
  int master_index = 0;       ///< IFLA_MASTER (bridge/bond enslavement)
  std::string mac;            ///< "aa:bb:cc:dd:ee:ff", lower case
  uint32_t mtu = 0;
  bool up = false;            ///< administratively up (IFF_UP)
  bool running = false;       ///< IFF_RUNNING (carrier)
  unsigned flags = 0;         ///< all IFF_* flags
};

/// Looks a link up by name with one RTM_GETLINK request. Missing: kNotFound.
Result<LinkInfo> GetLink(nl_sock* sock, const std::string& name);
/// Looks a link up by index with one RTM_GETLINK request. Missing: kNotFound.
Result<LinkInfo> GetLinkByIndex(nl_sock* sock, int index);
/// Lists every link of the socket's namespace (retries interrupted dumps).
Result<std::vector<LinkInfo>> ListLinks(nl_sock* sock);

/// A macvlan to create.
struct MacvlanSpec {
  std::string name;           ///< name to create it under (1..15 chars)
  int parent_index = 0;       ///< the master (lower) device, in the socket's namespace
  std::string mode = "bridge";///< bridge | private | vepa | passthru | source
  std::string mac;            ///< empty: kernel picks a random one
  uint32_t mtu = 0;           ///< 0: inherit the master's
  int netns_fd = -1;          ///< >= 0: create it directly inside this namespace
};

/// Creates a macvlan (NLM_F_CREATE|NLM_F_EXCL: an existing name gives kExists).
Status AddMacvlan(nl_sock* sock, const MacvlanSpec& spec);
/// Deletes a link by index. Missing: kNotFound.
Status DeleteLink(nl_sock* sock, int index);
/// Deletes a link by name. Missing: kNotFound.
Status DeleteLink(nl_sock* sock, const std::string& name);
/// Renames a link (the kernel requires it to be down).
Status RenameLink(nl_sock* sock, int index, const std::string& new_name);
/// Sets a link administratively up or down.
Status SetLinkUp(nl_sock* sock, int index, bool up);
/// Sets a link's MTU.
Status SetLinkMtu(nl_sock* sock, int index, uint32_t mtu);

/// Parses a macvlan mode name; errors list the allowed names.
Result<int> MacvlanModeFromString(const std::string& mode);
/// Checks a MAC address literal "aa:bb:cc:dd:ee:ff" and returns it in lower case.
Result<std::string> NormalizeMac(const std::string& mac);

}  // namespace knetctl::netlink
