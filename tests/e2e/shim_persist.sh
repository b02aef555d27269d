#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Persistence of the shim: ifcfg (with a simulated reboot through the packaged
# ifup-macvlan/ifdown-macvlan), systemd-networkd and NetworkManager files.
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/shim_lib.bash"

DATA=$KNETCTL_SRC/testdata/sysconfig

# new_root LAYOUT: a copy of a testdata root; prints its path.
new_root() {
  local r; r=$(mktemp -d)
  cp -a "$DATA/$1/." "$r/"
  echo "$r"
}

test_ifcfg_files_and_reboot_through_ifup_macvlan() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(new_root centos7-anaconda)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  local ns=$ROOT/etc/sysconfig/network-scripts
  local pod; pod=$(make_pod p1 172.20.7.21) || { fail "pod"; return; }
  assert_status 0 K shim up --master em2 --root "$ROOT"
  assert_contains "$ERR" "--persist auto picked ifcfg (found $ns/ifcfg-em2)"
  local mac; mac=$(ip -n "$SB_NODE" -j link show em2-shim | jq -r '.[0].address')
  # The shim's file.
  local f; f=$(cat "$ns/ifcfg-em2-shim")
  for kv in DEVICE=em2-shim TYPE=macvlan DEVICETYPE=macvlan MACVLAN_PARENT=em2 MACVLAN_MODE=bridge \
            "MACADDR=$mac" BOOTPROTO=none ONBOOT=yes NM_CONTROLLED=no IPADDR=172.20.7.100 PREFIX=24 \
            GATEWAY=172.20.7.254 DNS1=172.20.7.254 DOMAIN=example.lan DEFROUTE=yes; do
    grep -qx "$kv" <<<"$f" || fail "ifcfg-em2-shim lacks $kv: $f"
  done
  # The master's: addressing gone, the rest untouched, a pre-shim copy kept.
  local m; m=$(cat "$ns/ifcfg-em2")
  for k in IPADDR PREFIX GATEWAY DNS1 DOMAIN; do grep -q "^$k=" <<<"$m" && fail "ifcfg-em2 still has $k"; done
  grep -qx "UUID=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03" <<<"$m" || fail "ifcfg-em2 lost its UUID"
  cmp -s "$ns/ifcfg-em2.pre-shim.bak" "$DATA/centos7-anaconda/etc/sysconfig/network-scripts/ifcfg-em2" ||
    fail "pre-shim copy differs from the original"
  [ -x "$ns/ifup-macvlan" ] && [ -x "$ns/ifdown-macvlan" ] || fail "ifup-macvlan/ifdown-macvlan not installed executable"
  cmp -s "$ns/ifup-macvlan" "$KNETCTL_SRC/packaging/network-scripts/ifup-macvlan" || fail "installed ifup-macvlan differs"
  assert_status 0 K shim status --master em2 --root "$ROOT"
  assert_contains "$OUT" "persisted: ifcfg"
  # Reboot, simulated: the shim and the address are gone (em2 comes up bare, as its
  # ifcfg now says); then the network service runs ifup-macvlan for ifcfg-em2-shim.
  ip -n "$SB_NODE" link del em2-shim
  ip -n "$SB_NODE" -4 addr flush dev em2
  reach "$SB_LAN" "$SB_NODE_IP" && fail "node still reachable after the simulated reboot"
  assert_status 1 K shim status --master em2 --root "$ROOT"
  (cd "$ns" && KNETCTL_NETWORK_SCRIPTS_DIR=$ns ip netns exec "$SB_NODE" ./ifup-macvlan ifcfg-em2-shim boot) ||
    fail "ifup-macvlan failed"
  assert_eq "$mac" "$(ip -n "$SB_NODE" -j link show em2-shim | jq -r '.[0].address')" "MAC after reboot"
  assert_contains "$(ip -n "$SB_NODE" -d link show em2-shim)" "macvlan mode bridge"
  assert_contains "$(ip -n "$SB_NODE" route show default)" "default via 172.20.7.254 dev em2-shim"
  reach "$pod" "$SB_NODE_IP" || fail "pod cannot reach the node after the reboot"
  reach "$SB_NODE" 172.20.7.21 || fail "node cannot reach the pod after the reboot"
  reach "$SB_LAN" "$SB_NODE_IP" || fail "lan cannot reach the node after the reboot"
  assert_status 0 K shim status --master em2 --root "$ROOT"
  # Idempotent: ifup again changes nothing and succeeds.
  (cd "$ns" && KNETCTL_NETWORK_SCRIPTS_DIR=$ns ip netns exec "$SB_NODE" ./ifup-macvlan ifcfg-em2-shim) ||
    fail "second ifup-macvlan failed"
  assert_eq 1 "$(ip -n "$SB_NODE" -4 -o addr show dev em2-shim | wc -l)" "addresses after a second ifup"
  # ifdown-macvlan deletes it, twice is fine; it refuses to delete a non-macvlan.
  (cd "$ns" && KNETCTL_NETWORK_SCRIPTS_DIR=$ns ip netns exec "$SB_NODE" ./ifdown-macvlan ifcfg-em2-shim) || fail "ifdown-macvlan failed"
  ip -n "$SB_NODE" link show em2-shim >/dev/null 2>&1 && fail "shim still there after ifdown-macvlan"
  (cd "$ns" && KNETCTL_NETWORK_SCRIPTS_DIR=$ns ip netns exec "$SB_NODE" ./ifdown-macvlan ifcfg-em2-shim) || fail "second ifdown-macvlan failed"
  # Back up, then `down` restores the files and the master.
  (cd "$ns" && KNETCTL_NETWORK_SCRIPTS_DIR=$ns ip netns exec "$SB_NODE" ./ifup-macvlan em2-shim) || fail "ifup-macvlan (short name) failed"
  assert_status 0 K shim down --master em2 --root "$ROOT"
  cmp -s "$ns/ifcfg-em2" "$DATA/centos7-anaconda/etc/sysconfig/network-scripts/ifcfg-em2" || fail "ifcfg-em2 not restored"
  [ -e "$ns/ifcfg-em2-shim" ] && fail "ifcfg-em2-shim not removed"
  [ -e "$ns/ifcfg-em2-shim.bak" ] || fail "no backup of ifcfg-em2-shim"
  [ -e "$ns/ifcfg-em2.pre-shim.bak" ] && fail "pre-shim copy left behind (it would go stale)"
  assert_contains "$(ip -n "$SB_NODE" addr show dev em2)" "inet 172.20.7.100/24"
  reach "$SB_LAN" "$SB_NODE_IP" || fail "lan cannot reach the node after down"
}

test_ifcfg_handwritten_layout() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(new_root centos7-handwritten)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  local ns=$ROOT/etc/sysconfig/network-scripts
  ip -n "$SB_NODE" addr add 172.20.7.101/24 dev em2
  assert_status 0 K shim up --master em2 --root "$ROOT" --persist ifcfg
  local f; f=$(cat "$ns/ifcfg-em2-shim")
  for kv in IPADDR=172.20.7.100 PREFIX=24 IPADDR1=172.20.7.101 PREFIX1=24 ARPCHECK=no; do
    grep -qx "$kv" <<<"$f" || fail "ifcfg-em2-shim lacks $kv: $f"
  done
  # ifcfg-lan (DEVICE=em2) was found by its DEVICE=, comments kept, addressing removed.
  local m; m=$(cat "$ns/ifcfg-lan")
  assert_contains "$m" "# em2: the LAN uplink of this node"
  grep -q '^IPADDR' <<<"$m" && fail "ifcfg-lan still has IPADDR"
  assert_contains "$m" 'HWADDR="52:54:00:ab:cd:ef"'
  # GATEWAYDEV moved to the shim, the old value kept in the pre-shim copy.
  assert_contains "$(cat "$ROOT/etc/sysconfig/network")" "GATEWAYDEV=em2-shim"
  # No backup name the network service would bring up as an interface.
  local n
  for n in "$ns"/ifcfg-*; do
    case "$n" in *.bak|*~) ;; *ifcfg-lan|*ifcfg-lan.bak|*ifcfg-em2-shim) ;; *) fail "unexpected file $n" ;; esac
  done
  assert_status 0 K shim down --master em2 --root "$ROOT"
  cmp -s "$ns/ifcfg-lan" "$DATA/centos7-handwritten/etc/sysconfig/network-scripts/ifcfg-lan" || fail "ifcfg-lan not restored"
  cmp -s "$ROOT/etc/sysconfig/network" "$DATA/centos7-handwritten/etc/sysconfig/network" || fail "network not restored"
}

test_networkd_files() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(new_root networkd)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  local d=$ROOT/etc/systemd/network
  assert_status 0 K shim up --master em2 --root "$ROOT" --mac 02:00:5e:10:00:01
  assert_contains "$ERR" "--persist auto picked networkd (found $d/10-em2.network)"
  diff -u "$DATA/expected/networkd/50-knetctl-em2-shim.netdev" "$d/50-knetctl-em2-shim.netdev" || fail ".netdev differs"
  diff -u "$DATA/expected/networkd/50-knetctl-em2-shim.network" "$d/50-knetctl-em2-shim.network" || fail "shim .network differs"
  diff -u "$DATA/expected/networkd/10-em2.network" "$d/10-em2.network" || fail "master .network differs"
  assert_status 0 K shim status --master em2 --root "$ROOT"
  assert_contains "$OUT" "persisted: networkd"
  assert_status 0 K shim up --master em2 --root "$ROOT" --mac 02:00:5e:10:00:01 -o json
  assert_eq false "$(json_get "$OUT" .changed)" "second up"
  assert_status 0 K shim down --master em2 --root "$ROOT"
  cmp -s "$d/10-em2.network" "$DATA/networkd/etc/systemd/network/10-em2.network" || fail "10-em2.network not restored"
  [ -e "$d/50-knetctl-em2-shim.netdev" ] && fail ".netdev not removed"
}

test_nm_keyfile() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(new_root nm)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  local d=$ROOT/etc/NetworkManager/system-connections
  assert_status 0 K shim up --master em2 --root "$ROOT" --mac 02:00:5e:10:00:01
  assert_contains "$ERR" "--persist auto picked nm (found $d/em2.nmconnection)"
  diff -u "$DATA/expected/nm/em2-shim.nmconnection" "$d/em2-shim.nmconnection" || fail "shim keyfile differs"
  diff -u "$DATA/expected/nm/em2.nmconnection" "$d/em2.nmconnection" || fail "master keyfile differs"
  assert_eq 600 "$(stat -c %a "$d/em2-shim.nmconnection")" "keyfile mode"
  assert_status 0 K shim status --master em2 --root "$ROOT"
  assert_status 0 K shim down --master em2 --root "$ROOT"
  cmp -s "$d/em2.nmconnection" "$DATA/nm/etc/NetworkManager/system-connections/em2.nmconnection" || fail "em2 keyfile not restored"
  [ -e "$d/em2-shim.nmconnection" ] && fail "shim keyfile not removed"
}

test_persist_auto_none_warns() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(mktemp -d)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  assert_status 0 K shim up --master em2 --root "$ROOT"
  assert_contains "$ERR" "the shim is not persisted and will not survive a reboot"
  assert_status 0 K shim status --master em2 --root "$ROOT" -o json
  assert_eq none "$(json_get "$OUT" .persist)" "persist"
}

test_drift_is_reported() {
  sandbox_create || { fail "sandbox"; return; }
  ROOT=$(new_root centos7-anaconda)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
  assert_status 0 K shim up --master em2 --root "$ROOT"
  sed -i 's/^IPADDR=.*/IPADDR=172.20.7.199/' "$ROOT/etc/sysconfig/network-scripts/ifcfg-em2-shim"
  assert_status 1 K shim status --master em2 --root "$ROOT"
  assert_contains "$OUT" "addresses [172.20.7.199/24], live: [172.20.7.100/24]"
  ip -n "$SB_NODE" addr add 172.20.7.100/24 dev em2
  assert_status 1 K shim status --master em2 --root "$ROOT"
  assert_contains "$OUT" "em2 still holds 172.20.7.100/24"
  # up converges the live half-done state (address on both).
  assert_status 0 K shim up --master em2 --root "$ROOT" -o json
  assert_contains "$OUT" "ip addr del 172.20.7.100/24 dev em2"
}

run_tests
