// SPDX-License-Identifier: Apache-2.0
// The packaged ifup-macvlan / ifdown-macvlan, embedded so `knetctl shim up --persist
// ifcfg` can install them on a node that only has the binary. embedded_scripts_test.cpp
// fails when these copies differ from packaging/network-scripts/.
#include "core/shim/embedded_scripts.h"

namespace knetctl::shim {

const char* const kIfupMacvlan = R"KNETCTL(#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# ifup-macvlan: brings up a macvlan link described by an ifcfg file with
# DEVICETYPE=macvlan (CentOS/RHEL network-scripts). `ifup NAME` runs it as
#   ifup-macvlan ifcfg-NAME [boot]
# from /etc/sysconfig/network-scripts. Installed there by `knetctl shim up --persist ifcfg`.
#
# Keys: DEVICE, MACVLAN_PARENT (required), MACVLAN_MODE (default bridge), MACADDR (the
# MAC is pinned so neighbours' ARP entries stay valid across reboots), plus the usual
# addressing keys (IPADDR[n], PREFIX[n]/NETMASK[n], GATEWAY, IPV6ADDR,
# IPV6ADDR_SECONDARIES, IPV6_DEFAULTGW, DEFROUTE) and route-NAME.
#
# Unlike the widely copied public script it is idempotent (an existing macvlan of the
# same parent is reused, addresses already present are kept), brings the parent up
# first, and pins the MAC at creation. With initscripts present it hands addressing to
# ifup-eth exactly like a normal interface; without them (other distributions, tests)
# it parses the ifcfg file and configures the link with ip(8) itself.
#
# KNETCTL_NETWORK_SCRIPTS_DIR overrides the directory (tests, image builders).

dir=${KNETCTL_NETWORK_SCRIPTS_DIR:-/etc/sysconfig/network-scripts}
cd "$dir" || { echo "ifup-macvlan: cannot enter $dir" >&2; exit 1; }
PATH=/sbin:/usr/sbin:/bin:/usr/bin:$PATH

have_initscripts=
if [ -f ./network-functions ] && [ -x ./ifup-eth ]; then
  have_initscripts=1
  . /etc/init.d/functions
  . ./network-functions
  [ -f ../network ] && . ../network
  CONFIG=$1
  need_config "$CONFIG"
  source_config
else
  [ -f ../network ] && . ../network
  CONFIG=${1##*/}
  [ -f "$CONFIG" ] || CONFIG=ifcfg-$CONFIG
  [ -f "$CONFIG" ] || { echo "ifup-macvlan: configuration for $1 not found in $dir" >&2; exit 1; }
  # The network service sources ifcfg files the same way.
  . "./$CONFIG"
  DEVICE=${DEVICE:-${CONFIG#ifcfg-}}
fi

die() { echo "ifup-macvlan: $DEVICE: $*" >&2; exit 1; }
[ -n "$DEVICE" ] || die "DEVICE is not set in $CONFIG"
[ -n "$MACVLAN_PARENT" ] || die "MACVLAN_PARENT is not set in $CONFIG"
MODE=${MACVLAN_MODE:-bridge}

# The parent first: a macvlan cannot pass traffic on a parent that is down.
if ! ip link show dev "$MACVLAN_PARENT" >/dev/null 2>&1; then
  if [ -n "$have_initscripts" ]; then /sbin/ifup "$MACVLAN_PARENT" >/dev/null 2>&1; fi
  ip link show dev "$MACVLAN_PARENT" >/dev/null 2>&1 || die "parent $MACVLAN_PARENT does not exist"
fi
ip link set dev "$MACVLAN_PARENT" up || die "failed to bring parent $MACVLAN_PARENT up"

# Reuse an existing link only when it is a macvlan of that parent.
if details=$(ip -d -o link show dev "$DEVICE" 2>/dev/null); then
  case "$details" in
    *"@$MACVLAN_PARENT:"*macvlan\ mode*) ;;
    *) die "a link named $DEVICE exists but is not a macvlan of $MACVLAN_PARENT" ;;
  esac
else
  ip link add link "$MACVLAN_PARENT" name "$DEVICE" ${MACADDR:+address "$MACADDR"} \
    type macvlan mode "$MODE" || die "failed to create the macvlan"
fi
if [ -n "$MACADDR" ]; then
  current=$(cat "/sys/class/net/$DEVICE/address" 2>/dev/null)
  if [ "${current,,}" != "${MACADDR,,}" ]; then
    ip link set dev "$DEVICE" down
    ip link set dev "$DEVICE" address "$MACADDR" || die "failed to set MAC $MACADDR"
  fi
fi

if [ -n "$have_initscripts" ]; then
  # Addresses, routes, ARPCHECK, DNS: exactly what a normal interface gets.
  exec ./ifup-eth "$CONFIG" "$2"
fi

# ---- without initscripts: configure with ip(8) ----
ip link set dev "$DEVICE" up || die "failed to set the link up"

prefix_of() {  # prefix_of SUFFIX: PREFIXn, else NETMASKn converted, else 24
  local p n m bits=0 o
  eval p=\${PREFIX$1}
  eval n=\${NETMASK$1}
  if [ -n "$p" ]; then echo "$p"; return; fi
  if [ -n "$n" ]; then
    IFS=. read -r -a m <<<"$n"
    for o in "${m[@]}"; do
      while [ "$o" -gt 0 ]; do bits=$((bits + (o & 1))); o=$((o >> 1)); done
    done
    echo "$bits"; return
  fi
  echo 24
}
add_addr() {  # add_addr FAMILY ADDR/PREFIX [ip options]: keeps an existing one
  local fam=$1 a=$2; shift 2
  if [ -z "$(ip "$fam" -o addr show dev "$DEVICE" to "$a" 2>/dev/null)" ]; then
    ip "$fam" addr add "$a" dev "$DEVICE" "$@" || die "failed to add address $a"
  fi
}

for idx in "" 0 $(seq 1 255); do
  eval addr=\${IPADDR$idx}
  if [ -z "$addr" ]; then
    [ -z "$idx" ] && continue   # IPADDR0 may stand for IPADDR
    [ "$idx" = 0 ] && continue
    break
  fi
  add_addr -4 "$addr/$(prefix_of "$idx")" brd +
done
if [ "${IPV6INIT:-no}" = yes ] || [ -n "$IPV6ADDR" ]; then
  for a in $IPV6ADDR $IPV6ADDR_SECONDARIES; do
    case "$a" in */*) ;; *) a=$a/64 ;; esac
    add_addr -6 "$a"
  done
fi
# GATEWAYDEV in ../network names the one device that gets the default route.
if [ "${DEFROUTE:-yes}" != no ] && { [ -z "$GATEWAYDEV" ] || [ "$GATEWAYDEV" = "$DEVICE" ]; }; then
  if [ -n "$GATEWAY" ]; then
    ip -4 route replace default via "$GATEWAY" dev "$DEVICE" || die "failed to set the default route via $GATEWAY"
  fi
  if [ -n "$IPV6_DEFAULTGW" ]; then
    ip -6 route replace default via "${IPV6_DEFAULTGW%%\%*}" dev "$DEVICE" || die "failed to set the IPv6 default route"
  fi
fi
# route-DEVICE / route6-DEVICE in the "ip route" argument format, one route a line.
for f in "route-$DEVICE" "route6-$DEVICE"; do
  [ -f "$f" ] || continue
  fam=-4; [ "$f" = "route6-$DEVICE" ] && fam=-6
  while read -r line; do
    case "$line" in ''|'#'*|*=*) continue ;; esac
    # shellcheck disable=SC2086
    ip $fam route replace $line || die "failed to add route '$line' from $f"
  done <"$f"
done
exit 0
)KNETCTL";

const char* const kIfdownMacvlan = R"KNETCTL(#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# ifdown-macvlan: takes down a macvlan link described by an ifcfg file with
# DEVICETYPE=macvlan. `ifdown NAME` runs it as  ifdown-macvlan ifcfg-NAME
# from /etc/sysconfig/network-scripts.
#
# Idempotent: a link that is already gone is success. With initscripts present the
# link is first taken down by ifdown-eth (addresses, routes, DHCP clients, DNS undone
# like for any interface), then deleted; without them the addresses are flushed with
# ip(8) first. A link of that name that is not a macvlan is never deleted.
#
# KNETCTL_NETWORK_SCRIPTS_DIR overrides the directory (tests, image builders).

dir=${KNETCTL_NETWORK_SCRIPTS_DIR:-/etc/sysconfig/network-scripts}
cd "$dir" || { echo "ifdown-macvlan: cannot enter $dir" >&2; exit 1; }
PATH=/sbin:/usr/sbin:/bin:/usr/bin:$PATH

have_initscripts=
if [ -f ./network-functions ] && [ -x ./ifdown-eth ]; then
  have_initscripts=1
  . /etc/init.d/functions
  . ./network-functions
  [ -f ../network ] && . ../network
  CONFIG=$1
  need_config "$CONFIG"
  source_config
else
  CONFIG=${1##*/}
  [ -f "$CONFIG" ] || CONFIG=ifcfg-$CONFIG
  [ -f "$CONFIG" ] || { echo "ifdown-macvlan: configuration for $1 not found in $dir" >&2; exit 1; }
  . "./$CONFIG"
  DEVICE=${DEVICE:-${CONFIG#ifcfg-}}
fi
[ -n "$DEVICE" ] || { echo "ifdown-macvlan: DEVICE is not set in $CONFIG" >&2; exit 1; }

details=$(ip -d -o link show dev "$DEVICE" 2>/dev/null) || exit 0   # already gone
case "$details" in
  *macvlan\ mode*) ;;
  *) echo "ifdown-macvlan: $DEVICE is not a macvlan; not deleting it" >&2; exit 1 ;;
esac

if [ -n "$have_initscripts" ]; then
  ./ifdown-eth "$CONFIG" "$2"
else
  ip addr flush dev "$DEVICE" 2>/dev/null
  ip link set dev "$DEVICE" down 2>/dev/null
fi
ip link del dev "$DEVICE" 2>/dev/null || ! ip link show dev "$DEVICE" >/dev/null 2>&1 || {
  echo "ifdown-macvlan: failed to delete $DEVICE" >&2; exit 1; }
exit 0
)KNETCTL";

}  // namespace knetctl::shim
