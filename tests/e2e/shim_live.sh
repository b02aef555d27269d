#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl shim up|down|status on the sandbox node: reachability, zero packet loss,
# idempotence, exact restore, refusals, dry run, rollback.
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/shim_lib.bash"

test_pod_reaches_node_only_after_up() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  local pod; pod=$(make_pod p1 172.20.7.21) || { fail "pod"; return; }
  reach "$pod" "$SB_NODE_IP" && fail "pod reached the node before the shim (macvlan should isolate it)"
  reach "$SB_NODE" 172.20.7.21 && fail "node reached the pod before the shim"
  reach "$SB_LAN" "$SB_NODE_IP" || fail "lan cannot reach the node before the shim"
  assert_status 0 K shim up --master em2 --persist none
  assert_contains "$OUT" "ip addr add 172.20.7.100/24 dev em2-shim"
  reach "$pod" "$SB_NODE_IP" || fail "pod cannot reach the node after up"
  reach "$SB_NODE" 172.20.7.21 || fail "node cannot reach the pod after up"
  reach "$SB_LAN" "$SB_NODE_IP" || fail "lan cannot reach the node after up"
  reach "$SB_NODE" "$SB_BEYOND" || fail "node cannot reach beyond the gateway after up"
  assert_status 0 K shim status --master em2 -o json
  assert_eq true "$(json_get "$OUT" .ok)" "status ok"
  assert_eq '["172.20.7.100/24"]' "$(json_get "$OUT" '.addresses.shim|tojson')" "addresses on shim"
  # The shim's MAC is the derived one, and the same on a second node with the same master MAC.
  local mac; mac=$(ip -n "$SB_NODE" -j link show em2-shim | jq -r '.[0].address')
  assert_eq "$mac" "$(json_get "$OUT" .shim.mac)" "status mac"
  [ "$(ip -n "$SB_NODE" -j link show em2-shim | jq -r '.[0].linkinfo.info_data.mode // empty')" = "" ] ||
    true
  assert_contains "$(ip -n "$SB_NODE" -d link show em2-shim)" "macvlan mode bridge"
}

test_zero_loss_during_up_and_down() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  # Warm the lan's ARP cache so the count measures the move, not the first resolution.
  reach "$SB_LAN" "$SB_NODE_IP"
  local r sent recv rc
  r=$(ping_during 300 K shim up --master em2 --persist none); read -r sent recv rc <<<"$r"
  echo "    shim up:   ping from the lan: $sent sent, $recv received, lost $((sent - recv))"
  assert_eq 0 "$rc" "shim up status"
  assert_eq "$sent" "$recv" "packets received during up"
  [ "$sent" -ge 250 ] || fail "too few pings sent during up: $sent"
  r=$(ping_during 300 K shim down --master em2); read -r sent recv rc <<<"$r"
  echo "    shim down: ping from the lan: $sent sent, $recv received, lost $((sent - recv))"
  assert_eq 0 "$rc" "shim down status"
  assert_eq "$sent" "$recv" "packets received during down"
  # The lan's neighbour entry follows the address (announcement): shim MAC after up,
  # em2's after down.
  local em2mac; em2mac=$(ip -n "$SB_NODE" -j link show em2 | jq -r '.[0].address')
  assert_eq "$em2mac" "$(ip -n "$SB_LAN" -j neigh show "$SB_NODE_IP" | jq -r '.[0].lladdr')" "lan neighbour after down"
}

test_lan_neighbour_follows_to_shim() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  reach "$SB_LAN" "$SB_NODE_IP"
  assert_status 0 K shim up --master em2 --persist none
  local shimmac; shimmac=$(ip -n "$SB_NODE" -j link show em2-shim | jq -r '.[0].address')
  assert_eq "$shimmac" "$(ip -n "$SB_LAN" -j neigh show "$SB_NODE_IP" | jq -r '.[0].lladdr')" "lan neighbour after up"
}

test_idempotent() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  assert_status 0 K shim up --master em2 --persist none -o json
  assert_eq true "$(json_get "$OUT" .changed)" "first up changed"
  assert_status 0 K shim up --master em2 --persist none -o json
  assert_eq false "$(json_get "$OUT" .changed)" "second up changed"
  assert_eq 0 "$(json_get "$OUT" '.actions|length')" "second up actions"
  assert_status 0 K shim down --master em2 -o json
  assert_eq true "$(json_get "$OUT" .changed)" "first down changed"
  assert_status 0 K shim down --master em2 -o json
  assert_eq false "$(json_get "$OUT" .changed)" "second down changed"
  assert_status 1 K shim status --master em2
  assert_contains "$OUT" "problem: no shim em2-shim on em2"
}

# Extra state to move: a secondary address, an IPv6 address (after DAD, so its flags are
# the ordinary ones), a route in another table with a metric, an IPv6 default route.
decorate_node() {
  ip -n "$SB_LAN" -6 addr add fd00:20:7::254/64 dev lan0 nodad
  ip -n "$SB_NODE" addr add 172.20.7.101/24 dev em2
  ip -n "$SB_NODE" -6 addr add fd00:20:7::100/64 dev em2
  ip -n "$SB_NODE" route add 10.99.0.0/16 via "$SB_GW" dev em2 metric 50 table 100
  ip -n "$SB_NODE" route add 10.98.0.0/16 via "$SB_GW" dev em2 proto static metric 7
  local i
  for i in $(seq 50); do
    ip -n "$SB_NODE" -6 addr show dev em2 | grep -q tentative || break
    sleep 0.1
  done
  ip -n "$SB_NODE" -6 route add default via fd00:20:7::254 dev em2 metric 1024
}

test_up_then_down_restores_exactly() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  decorate_node
  local before after; before=$(snapshot)
  assert_status 0 K shim up --master em2 --persist none
  local moved; moved=$(ip -n "$SB_NODE" -j route show table 100)
  assert_contains "$moved" '"dev":"em2-shim"' "table 100 route on the shim"
  assert_contains "$(ip -n "$SB_NODE" route show 10.98.0.0/16)" "dev em2-shim proto static metric 7"
  assert_contains "$(ip -n "$SB_NODE" -6 route show default)" "dev em2-shim metric 1024"
  assert_contains "$(ip -n "$SB_NODE" addr show dev em2-shim)" "inet 172.20.7.101/24 scope global secondary em2-shim"
  assert_not_contains "$(ip -n "$SB_NODE" -6 addr show dev em2-shim)" "nodad" "IPv6 flags on the shim"
  assert_eq "" "$(ip -n "$SB_NODE" addr show dev em2 scope global)" "global addresses left on em2"
  ip netns exec "$SB_NODE" ping -n -c 1 -W 1 fd00:20:7::254 >/dev/null || fail "IPv6 gateway unreachable from the shim"
  assert_status 0 K shim down --master em2
  after=$(snapshot)
  if [ "$before" != "$after" ]; then
    fail "ip -j addr/route differ after up+down: $(diff <(echo "$before" | jq .) <(echo "$after" | jq .) | head -40)"
  fi
}

test_dry_run_changes_nothing() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  local before; before=$(snapshot)
  local root; root=$(mktemp -d)
  cp -a "$KNETCTL_SRC/testdata/sysconfig/centos7-anaconda/." "$root/"
  assert_status 0 K shim up --master em2 --persist ifcfg --root "$root" --dry-run
  assert_contains "$OUT" "would: ip link add link em2 name em2-shim address"
  assert_contains "$OUT" "would: ip route replace default via 172.20.7.254 dev em2-shim"
  assert_contains "$OUT" "would: ip addr del 172.20.7.100/24 dev em2"
  assert_contains "$OUT" "would: write $root/etc/sysconfig/network-scripts/ifcfg-em2-shim"
  assert_eq "$before" "$(snapshot)" "live state after --dry-run"
  [ -e "$root/etc/sysconfig/network-scripts/ifcfg-em2-shim" ] && fail "--dry-run wrote a file"
  diff -r "$KNETCTL_SRC/testdata/sysconfig/centos7-anaconda" "$root" >/dev/null || fail "--dry-run changed files under --root"
  rm -rf "$root"
}

test_refusals() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  local before; before=$(snapshot)
  assert_status 2 K shim up --master em9 --persist none
  assert_contains "$ERR" 'master "em9" does not exist'
  ip -n "$SB_NODE" link add mv0 link em2 type macvlan mode bridge
  ip -n "$SB_NODE" addr add 10.1.1.1/24 dev mv0
  assert_status 2 K shim up --master mv0 --persist none
  assert_contains "$ERR" "it is itself a macvlan"
  assert_status 2 K shim up --master em2 --name 0123456789abcdef --persist none
  assert_contains "$ERR" "must be 1-15 characters"
  ip -n "$SB_NODE" link add taken0 type veth peer name taken1
  assert_status 2 K shim up --master em2 --name taken0 --persist none
  assert_contains "$ERR" 'taken by a link of kind "veth"'
  assert_status 2 K shim up --master mv0 --name mv0 --persist none
  ip -n "$SB_NODE" link add bare0 type veth peer name bare1
  assert_status 2 K shim up --master bare0 --persist none
  assert_contains "$ERR" "no global address to move and there is no shim"
  assert_status 2 K shim up --master em2 --mac 01:00:5e:00:00:01 --persist none
  assert_contains "$ERR" "multicast"
  assert_status 2 K shim up --master em2 --mac nonsense --persist none
  assert_contains "$ERR" 'invalid MAC address "nonsense"'
  ip -n "$SB_NODE" link del mv0; ip -n "$SB_NODE" link del taken0; ip -n "$SB_NODE" link del bare0
  assert_eq "$before" "$(snapshot)" "state after refusals"
}

test_failure_rolls_back() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  decorate_node
  local before; before=$(snapshot)
  # Persisting fails after the live move (network-scripts is a file, not a directory):
  # everything live must come back.
  # Persisting fails after the live move and after the master's ifcfg was rewritten
  # (ifcfg-em2-shim is a directory): the files and everything live must come back.
  local root; root=$(mktemp -d)
  cp -a "$KNETCTL_SRC/testdata/sysconfig/centos7-anaconda/." "$root/"
  mkdir "$root/etc/sysconfig/network-scripts/ifcfg-em2-shim"
  assert_status 2 K shim up --master em2 --persist ifcfg --root "$root"
  assert_contains "$ERR" "failed to persist the shim"
  assert_contains "$ERR" "rolled back"
  assert_eq "$before" "$(snapshot)" "state after a failed persist"
  rmdir "$root/etc/sysconfig/network-scripts/ifcfg-em2-shim"
  local d; d=$(diff -r -x run "$KNETCTL_SRC/testdata/sysconfig/centos7-anaconda" "$root")
  assert_eq "" "$d" "files after a failed persist"
  rm -rf "$root"
  # The shim vanishes in the middle of the move (deleted under our feet while paused
  # before re-pointing the routes): the error rolls back to the state before.
  local flag; flag=$(mktemp -u)
  KNETCTL_TEST_PAUSE_AT=replace-route KNETCTL_TEST_PAUSE_FILE=$flag KNETCTL_TEST_PAUSE_SECONDS=1 \
    "$KNETCTL_BIN" --netns "$SB_NODE_NS" shim up --master em2 --persist none >/dev/null 2>"$flag.err" &
  local pid=$!
  wait_for_file "$flag" 10 || fail "the test hook did not pause"
  ip -n "$SB_NODE" link del em2-shim
  wait "$pid"; local rc=$?
  assert_eq 2 "$rc" "status after the shim vanished"
  assert_contains "$(cat "$flag.err")" "rolled back"
  assert_eq "$before" "$(snapshot)" "state after a failed move"
  rm -f "$flag" "$flag.err"
}

test_concurrent_ups_serialise() {
  sandbox_create || { fail "sandbox"; return; }
  trap sandbox_destroy EXIT
  local a b
  a=$(mktemp); b=$(mktemp)
  "$KNETCTL_BIN" --netns "$SB_NODE_NS" shim up --master em2 --persist none -o json >"$a" 2>&1 &
  local p1=$!
  "$KNETCTL_BIN" --netns "$SB_NODE_NS" shim up --master em2 --persist none -o json >"$b" 2>&1 &
  local p2=$!
  wait "$p1" || fail "first concurrent up failed: $(cat "$a")"
  wait "$p2" || fail "second concurrent up failed: $(cat "$b")"
  assert_eq "false true" "$(jq -r .changed "$a" "$b" | sort | tr '\n' ' ' | sed 's/ $//')" "changed of the two runs"
  assert_status 0 K shim status --master em2 --persist none
  rm -f "$a" "$b"
}

run_tests
