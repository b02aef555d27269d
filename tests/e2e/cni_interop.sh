#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Conformance through the CNI project's own client (cnitool), result shapes compared with
# the reference macvlan + host-local, 1.1.0 by direct invocation, and one IPAM store
# shared with the reference host-local in both directions (also concurrently).
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/cni_lib.bash"
CNITOOL=${CNITOOL:-$KNETCTL_SRC/build/tools/cnitool}
[ -x "$CNITOOL" ] || { echo "cnitool not found at $CNITOOL (scripts/tools builds it)" >&2; exit 1; }

# conflist VERSION TYPE: a one-plugin list named n-TYPE in $WORK/net.d.
conflist() {
  rm -f "$WORK"/net.d/*
  jq -n --arg v "$1" --arg t "$2" --arg d "$DATA" '{cniVersion:$v, name:"n-\($t)", plugins:[{type:$t, master:"em2", mode:"bridge",
      ipam:{type:"host-local", subnet:"172.20.7.0/24", rangeStart:"172.20.7.150", rangeEnd:"172.20.7.199", gateway:"172.20.7.254",
            dataDir:$d, routes:[{dst:"0.0.0.0/0"},{dst:"10.32.0.0/24",gw:"172.20.7.100"}]}}]}' >"$WORK/net.d/10-$2.conflist"
}
cnitool() {
  OUT=$(NETCONFPATH=$WORK/net.d CNI_PATH=$WORK/bin:$REF_DIR CNI_IFNAME=eth0 ip netns exec "$SB_NODE" "$CNITOOL" "$@" 2>&1); RC=$?
}

test_cnitool_every_version_same_shape_as_reference() {
  cni_setup
  mkdir -p "$WORK/net.d" "$WORK/bin"
  ln -s "$PLUGIN" "$WORK/bin/knetctl-cni"
  local v t c shape_k shape_r
  for v in 0.1.0 0.2.0 0.3.0 0.3.1 0.4.0 1.0.0; do
    for t in knetctl-cni macvlan; do
      c=$(sandbox_container "$t-$v")
      conflist "$v" "$t"
      cnitool add "n-$t" "$c"
      assert_eq 0 "$RC" "cnitool add $t $v: $OUT"
      [ "$t" = knetctl-cni ] && shape_k=$(keyset "$OUT") || shape_r=$(keyset "$OUT")
      assert_eq "$v" "$(json_get "$OUT" .cniVersion)" "$t $v result version"
      ip netns exec "$(basename "$c")" ping -c1 -W2 172.20.7.254 >/dev/null || fail "$t $v: no connectivity"
      if [ "$v" = 0.4.0 ] || [ "$v" = 1.0.0 ]; then
        cnitool check "n-$t" "$c"
        assert_eq 0 "$RC" "cnitool check $t $v: $OUT"
      fi
      cnitool del "n-$t" "$c"
      assert_eq 0 "$RC" "cnitool del $t $v: $OUT"
      assert_eq "" "$(links_in "$c")" "$t $v links after del"
    done
    assert_eq "$shape_r" "$shape_k" "result key set at $v (reference vs knetctl)"
    assert_eq 0 "$(lease_count n-knetctl-cni)" "knetctl leases after del at $v"
  done
}

test_v110_by_direct_invocation() {
  cni_setup
  local c; c=$(sandbox_container v110)
  mkconf 1.1.0 bridge '{"type":"host-local","subnet":"172.20.7.0/24","rangeStart":"172.20.7.150","rangeEnd":"172.20.7.199","gateway":"172.20.7.254","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.32.0.0/24","gw":"172.20.7.100","mtu":1400,"priority":5}]}' >"$WORK/c.json"
  plugin ADD v110 "$c" <"$WORK/c.json"
  assert_eq 0 "$RC" "ADD 1.1.0: $OUT"
  assert_eq '["cniVersion","dns","interfaces","interfaces.[]","interfaces.[].mac","interfaces.[].mtu","interfaces.[].name","interfaces.[].sandbox","ips","ips.[]","ips.[].address","ips.[].gateway","ips.[].interface","routes","routes.[]","routes.[].dst","routes.[].gw","routes.[].mtu","routes.[].priority"]' "$(keyset "$OUT")" "1.1.0 key set"
  assert_contains "$(ip -n "$(basename "$c")" route)" "10.32.0.0/24 via 172.20.7.100 dev eth0 metric 5 mtu 1400" "route mtu/priority applied"
  jq --argjson r "$OUT" '. + {prevResult: $r}' "$WORK/c.json" >"$WORK/check.json"
  plugin CHECK v110 "$c" <"$WORK/check.json"; assert_eq 0 "$RC" "CHECK 1.1.0: $OUT"
  plugin DEL v110 "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL 1.1.0: $OUT"
}

# hl_ref CMD ID: the reference host-local on the shared store (IPAM only, no netns).
hl_ref() {
  OUT=$(CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=/nonexistent CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$REF_DIR/host-local" <"$WORK/c.json"); RC=$?
}

test_store_shared_with_reference_host_local() {
  cni_setup
  local k1 k2; k1=$(sandbox_container k1); k2=$(sandbox_container k2)
  mkconf 1.0.0 >"$WORK/c.json"
  hl_ref ADD r1; assert_eq 0 "$RC" "reference ADD r1: $OUT"
  plugin ADD k1 "$k1" <"$WORK/c.json"; assert_eq 0 "$RC" "knetctl ADD k1: $OUT"
  hl_ref ADD r2; assert_eq 0 "$RC" "reference ADD r2"
  plugin ADD k2 "$k2" <"$WORK/c.json"; assert_eq 0 "$RC" "knetctl ADD k2"
  # Round robin continues across the two implementations through last_reserved_ip.0.
  assert_eq "172.20.7.150 r1
172.20.7.151 k1
172.20.7.152 r2
172.20.7.153 k2" "$(leases)" "leases"
  assert_eq "$(printf 'k1\r\neth0' | od -c)" "$(od -c <"$DATA/macvlan-net/172.20.7.151")" "lease file format"
  # The reference sees knetctl's lease (refuses a duplicate) and releases it.
  jq '.ipam.rangeStart="172.20.7.151" | .ipam.rangeEnd="172.20.7.151"' "$WORK/c.json" >"$WORK/one.json"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=r3 CNI_NETNS=/x CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$REF_DIR/host-local" <"$WORK/one.json"); RC=$?
  assert_eq 1 "$RC" "reference ADD into knetctl's taken address"
  hl_ref DEL k1; assert_eq 0 "$RC" "reference DEL of knetctl's lease"
  # knetctl releases the reference's lease and an old ID-only lease.
  plugin DEL r1 "" <"$WORK/c.json"; assert_eq 0 "$RC" "knetctl DEL of reference's lease"
  printf 'legacy' >"$DATA/macvlan-net/172.20.7.180"
  plugin DEL legacy "" <"$WORK/c.json"; assert_eq 0 "$RC" "knetctl DEL of an ID-only lease"
  assert_eq "172.20.7.152 r2
172.20.7.153 k2" "$(leases)" "leases after cross releases"
  hl_ref DEL k2; plugin DEL r2 "" <"$WORK/c.json"
  assert_eq 0 "$(lease_count)" "leases at the end"
}

test_concurrent_mixed_with_reference_no_duplicates() {
  cni_setup
  mkconf 1.0.0 bridge '{"type":"host-local","subnet":"172.20.7.0/24","rangeStart":"172.20.7.2","rangeEnd":"172.20.7.250","gateway":"172.20.7.254"}' >"$WORK/c.json"
  local i pids=()
  for i in $(seq 1 20); do sandbox_container "m$i" >/dev/null; done
  for i in $(seq 1 20); do
    ( CNI_COMMAND=ADD CNI_CONTAINERID=k$i CNI_NETNS=/run/netns/$SB_PREFIX-c-m$i CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
        ip netns exec "$SB_NODE" "$PLUGIN" <"$WORK/c.json" >"$WORK/k.$i" ) &
    pids+=($!)
    ( CNI_COMMAND=ADD CNI_CONTAINERID=r$i CNI_NETNS=/x CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$REF_DIR/host-local" <"$WORK/c.json" >"$WORK/r.$i" ) &
    pids+=($!)
  done
  local failed=0
  for i in "${pids[@]}"; do wait "$i" || failed=$((failed+1)); done
  assert_eq 0 "$failed" "failed ADDs"
  assert_eq 40 "$(cat "$WORK"/k.* "$WORK"/r.* | jq -r '.ips[0].address' | sort -u | grep -c .)" "distinct addresses"
  assert_eq 40 "$(lease_count)" "lease files"
  # Release half with the other implementation each.
  for i in $(seq 1 20); do
    CNI_COMMAND=DEL CNI_CONTAINERID=k$i CNI_NETNS=/x CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$REF_DIR/host-local" <"$WORK/c.json" || fail "reference DEL k$i"
    plugin DEL "r$i" "" <"$WORK/c.json"; [ "$RC" = 0 ] || fail "knetctl DEL r$i"
  done
  assert_eq 0 "$(lease_count)" "leases after cross DEL"
}

run_tests
