#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl-cni on the sandbox node: every mode, v4/v6/dual, requested IP, exhausted range,
# DEL in every missing-thing case, failed ADD leaves nothing, concurrency, own-netns
# refusal, errors, CHECK, STATUS, GC, the admin front end.
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/cni_lib.bash"

test_every_mode_add_check_del() {
  cni_setup
  local mode c
  for mode in bridge private vepa passthru; do
    c=$(sandbox_container "m-$mode")
    mkconf 1.0.0 "$mode" >"$WORK/c.json"
    plugin ADD "id-$mode" "$c" <"$WORK/c.json"
    assert_eq 0 "$RC" "ADD $mode: $OUT"
    assert_eq "$mode" "$(ip -n "$(basename "$c")" -d -j link show eth0 | jq -r '.[0].linkinfo.info_data.mode')" "mode"
    assert_eq 1 "$(ip netns exec "$(basename "$c")" cat /proc/sys/net/ipv4/conf/eth0/arp_notify)" "arp_notify"
    jq --argjson r "$OUT" '. + {prevResult: $r}' "$WORK/c.json" >"$WORK/check.json"
    plugin CHECK "id-$mode" "$c" <"$WORK/check.json"
    assert_eq 0 "$RC" "CHECK $mode: $OUT"
    plugin DEL "id-$mode" "$c" <"$WORK/c.json"
    assert_eq 0 "$RC" "DEL $mode: $OUT"
    assert_eq "" "$(links_in "$c")" "links left after DEL ($mode)"
  done
  assert_eq 0 "$(lease_count)" "leases left"
}

test_bridge_pods_reach_gateway_and_each_other() {
  cni_setup
  local a b ipa ipb
  a=$(sandbox_container a); b=$(sandbox_container b)
  mkconf 1.0.0 >"$WORK/c.json"
  plugin ADD ida "$a" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD a"
  ipa=$(json_get "$OUT" '.ips[0].address' | cut -d/ -f1)
  plugin ADD idb "$b" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD b"
  ipb=$(json_get "$OUT" '.ips[0].address' | cut -d/ -f1)
  assert_eq "172.20.7.150 172.20.7.151" "$ipa $ipb" "round-robin addresses"
  ip netns exec "$(basename "$a")" ping -c1 -W2 172.20.7.254 >/dev/null || fail "pod a cannot reach the lan gateway"
  ip netns exec "$(basename "$a")" ping -c1 -W2 "$ipb" >/dev/null || fail "pod a cannot reach pod b"
  ip netns exec "$(basename "$a")" ping -c1 -W2 "$SB_BEYOND" >/dev/null || fail "pod a cannot reach beyond the gateway"
  assert_contains "$(ip -n "$(basename "$a")" route)" "10.32.0.0/24 via 172.20.7.100 dev eth0" "service route"
}

test_dual_stack_v110_result() {
  cni_setup
  local c; c=$(sandbox_container d)
  mkconf 1.1.0 bridge '{"type":"host-local","ranges":[[{"subnet":"172.20.7.0/24","rangeStart":"172.20.7.10","rangeEnd":"172.20.7.20","gateway":"172.20.7.254"}],[{"subnet":"fd00:7::/64","gateway":"fd00:7::1"}]],"routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}' >"$WORK/c.json"
  plugin ADD dual "$c" <"$WORK/c.json"
  assert_eq 0 "$RC" "ADD dual: $OUT"
  assert_eq "172.20.7.10/24 fd00:7::2/64" "$(json_get "$OUT" '[.ips[].address]|join(" ")')" "addresses"
  assert_eq 1500 "$(json_get "$OUT" '.interfaces[0].mtu')" "1.1.0 interface mtu"
  assert_eq null "$(json_get "$OUT" '.ips[0].version')" "no ips[].version in 1.x"
  assert_contains "$(ip -n "$(basename "$c")" -6 addr show eth0)" "fd00:7::2/64" "v6 address"
  assert_contains "$(ip -n "$(basename "$c")" -6 route)" "default via fd00:7::1 dev eth0" "v6 default route"
  ip netns exec "$(basename "$c")" ping -c1 -W2 172.20.7.254 >/dev/null || fail "dual pod cannot reach v4 gateway"
  plugin DEL dual "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL"
  assert_eq 0 "$(lease_count)" "leases"
}

test_v6_only() {
  cni_setup
  local c; c=$(sandbox_container v6)
  mkconf 0.4.0 bridge '{"type":"host-local","subnet":"fd00:8::/120","routes":[{"dst":"::/0"}]}' >"$WORK/c.json"
  plugin ADD v6 "$c" <"$WORK/c.json"
  assert_eq 0 "$RC" "ADD v6: $OUT"
  assert_eq "6 fd00:8::2/120 fd00:8::1" "$(json_get "$OUT" '.ips[0] | "\(.version) \(.address) \(.gateway)"')" "0.4.0 ip shape"
  plugin DEL v6 "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL"
}

test_requested_ip_and_taken_requested_ip_leaves_nothing() {
  cni_setup
  local a b; a=$(sandbox_container a); b=$(sandbox_container b)
  mkconf 1.0.0 >"$WORK/c.json"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=a CNI_NETNS=$a CNI_IFNAME=eth0 CNI_PATH=$REF_DIR CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAME=x;IP=172.20.7.170" \
        ip netns exec "$SB_NODE" "$PLUGIN" <"$WORK/c.json"); RC=$?
  assert_eq 0 "$RC" "ADD with IP=: $OUT"
  assert_eq 172.20.7.170/24 "$(json_get "$OUT" '.ips[0].address')" "requested address"
  jq '. + {runtimeConfig: {ips: ["172.20.7.170/24"]}}' "$WORK/c.json" >"$WORK/r.json"
  plugin ADD b "$b" <"$WORK/r.json"
  assert_eq 1 "$RC" "ADD of a taken requested IP"
  assert_contains "$(json_get "$OUT" .msg)" "172.20.7.170 is not available"
  assert_eq "" "$(links_in "$b")" "links left in b"
  assert_eq "172.20.7.170 a" "$(leases)" "leases"
  jq '. + {args: {cni: {ips: ["10.9.9.9"]}}}' "$WORK/c.json" >"$WORK/o.json"
  plugin ADD b "$b" <"$WORK/o.json"
  assert_eq 1 "$RC" "ADD of an IP outside every range"
  assert_eq "172.20.7.170 a" "$(leases)" "leases after out-of-range request"
}

test_exhausted_range() {
  cni_setup
  local a b c; a=$(sandbox_container a); b=$(sandbox_container b); c=$(sandbox_container c)
  mkconf 1.0.0 bridge '{"type":"host-local","subnet":"172.20.7.0/24","rangeStart":"172.20.7.150","rangeEnd":"172.20.7.151","gateway":"172.20.7.254"}' >"$WORK/c.json"
  plugin ADD a "$a" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD a"
  plugin ADD b "$b" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD b"
  plugin ADD c "$c" <"$WORK/c.json"
  assert_eq 1 "$RC" "ADD c in a full range"
  assert_eq 11 "$(json_get "$OUT" .code)" "code (try again later)"
  assert_contains "$(json_get "$OUT" .msg)" "no IP addresses available"
  assert_eq "" "$(links_in "$c")" "links left in c"
  assert_eq 2 "$(lease_count)" "leases"
}

test_del_when_things_are_missing() {
  cni_setup
  local c; mkconf 1.0.0 >"$WORK/c.json"
  # netns gone
  c=$(sandbox_container gone)
  plugin ADD ns-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD"
  ip netns delete "$(basename "$c")"
  plugin DEL ns-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL with netns gone: $OUT"
  # link gone
  c=$(sandbox_container link)
  plugin ADD link-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD"
  ip -n "$(basename "$c")" link del eth0
  plugin DEL link-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL with link gone: $OUT"
  # no reservation, repeated DEL, no CNI_NETNS at all
  plugin DEL never-added "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL without reservation: $OUT"
  plugin DEL link-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "repeated DEL"
  plugin DEL link-gone "" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL without CNI_NETNS"
  # master gone (the macvlan goes with it)
  c=$(sandbox_container master)
  plugin ADD master-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD"
  sb_node ip link del em2
  plugin DEL master-gone "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "DEL with master gone: $OUT"
  assert_eq 0 "$(lease_count)" "every lease released"
}

test_failed_add_leaves_nothing() {
  cni_setup
  local c; c=$(sandbox_container f)
  mkconf 1.0.0 bridge '' '{"mtu": 9000}' >"$WORK/mtu.json"
  plugin ADD f "$c" <"$WORK/mtu.json"
  assert_eq 1 "$RC" "ADD with MTU above the master's"
  assert_eq 7 "$(json_get "$OUT" .code)" "code"
  assert_contains "$(json_get "$OUT" .msg)" "invalid MTU 9000: must be 0 to 1500 (the MTU of master \"em2\")"
  assert_eq 0 "$(lease_count)" "leases after MTU failure"
  # The interface name is taken in the container: the rename fails late, after IPAM
  # and link creation, and both must be undone.
  ip -n "$(basename "$c")" link add eth0 type veth peer name other
  mkconf 1.0.0 >"$WORK/c.json"
  plugin ADD f "$c" <"$WORK/c.json"
  assert_eq 1 "$RC" "ADD onto an existing eth0"
  assert_contains "$(json_get "$OUT" .msg)" "already exists"
  assert_eq "eth0 other" "$(links_in "$c" | sort | tr '\n' ' ' | sed 's/ $//')" "links after failed ADD"
  assert_eq 0 "$(lease_count)" "leases after failed ADD"
  # master missing
  mkconf 1.0.0 | jq '.master="nosuch0"' >"$WORK/m.json"
  plugin ADD f "$c" <"$WORK/m.json"
  assert_eq 7 "$(json_get "$OUT" .code)" "missing master code"
  assert_contains "$(json_get "$OUT" .msg)" "failed to find master \"nosuch0\""
}

test_repeated_add_keeps_the_first_lease() {
  cni_setup
  local c; c=$(sandbox_container r)
  mkconf 1.0.0 >"$WORK/c.json"
  plugin ADD r "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "first ADD"
  plugin ADD r "$c" <"$WORK/c.json"
  assert_eq 1 "$RC" "repeated ADD"
  assert_contains "$(json_get "$OUT" .msg)" "already exists"
  assert_eq "172.20.7.150 r" "$(leases)" "leases after the repeated ADD"
  ip netns exec "$(basename "$c")" ping -c1 -W2 172.20.7.254 >/dev/null || fail "first attachment broken"
}

test_knetctl_invoked_through_a_knetctl_cni_symlink() {
  cni_setup
  local c; c=$(sandbox_container s)
  ln -s "$KNETCTL_BIN" "$WORK/knetctl-cni"
  mkconf 0.3.1 >"$WORK/c.json"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=s CNI_NETNS=$c CNI_IFNAME=eth0 CNI_PATH=$REF_DIR ip netns exec "$SB_NODE" "$WORK/knetctl-cni" <"$WORK/c.json"); RC=$?
  assert_eq 0 "$RC" "ADD through the symlink: $OUT"
  assert_eq 4 "$(json_get "$OUT" .ips[0].version)" "0.3.1 shape"
  OUT=$(CNI_COMMAND=DEL CNI_CONTAINERID=s CNI_NETNS=$c CNI_IFNAME=eth0 CNI_PATH=$REF_DIR ip netns exec "$SB_NODE" "$WORK/knetctl-cni" <"$WORK/c.json"); RC=$?
  assert_eq 0 "$RC" "DEL through the symlink"
}

test_default_master_is_default_route_interface() {
  cni_setup
  local c; c=$(sandbox_container dm)
  mkconf 1.0.0 | jq 'del(.master)' >"$WORK/c.json"
  plugin ADD dm "$c" <"$WORK/c.json"
  assert_eq 0 "$RC" "ADD without master: $OUT"
  ip netns exec "$(basename "$c")" ping -c1 -W2 172.20.7.254 >/dev/null || fail "no connectivity via default master"
}

test_fifty_concurrent_adds_no_duplicates() {
  cni_setup
  mkconf 1.0.0 bridge '{"type":"host-local","subnet":"172.20.0.0/16","rangeStart":"172.20.7.1","rangeEnd":"172.20.8.250","gateway":"172.20.7.254"}' >"$WORK/c.json"
  local i pids=()
  for i in $(seq 1 50); do sandbox_container "p$i" >/dev/null; done
  for i in $(seq 1 50); do
    ( CNI_COMMAND=ADD CNI_CONTAINERID=par$i CNI_NETNS=/run/netns/$SB_PREFIX-c-p$i CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
        ip netns exec "$SB_NODE" "$PLUGIN" <"$WORK/c.json" >"$WORK/out.$i" ) &
    pids+=($!)
  done
  local failed=0
  for i in "${pids[@]}"; do wait "$i" || failed=$((failed+1)); done
  assert_eq 0 "$failed" "failed ADDs"
  local ips; ips=$(cat "$WORK"/out.* | jq -r '.ips[0].address' | sort)
  assert_eq 50 "$(sort -u <<<"$ips" | grep -c .)" "distinct addresses in results"
  assert_eq 50 "$(lease_count)" "lease files"
  assert_eq 50 "$(leases | awk '{print $2}' | sort -u | grep -c .)" "distinct owners"
}

test_own_netns_is_refused() {
  cni_setup
  mkconf 1.0.0 >"$WORK/c.json"
  plugin ADD own "$SB_NODE_NS" <"$WORK/c.json"
  assert_eq 1 "$RC" "ADD into the plugin's own netns"
  assert_eq 4 "$(json_get "$OUT" .code)" "code"
  assert_contains "$(json_get "$OUT" .msg)" "plugin's own network namespace"
  plugin DEL own "$SB_NODE_NS" em2 <"$WORK/c.json"
  assert_eq 1 "$RC" "DEL of em2 in the plugin's own netns"
  sb_node ip link show em2 >/dev/null || fail "em2 was removed"
  OUT=$(CNI_NETNS_OVERRIDE=1 CNI_COMMAND=DEL CNI_CONTAINERID=own CNI_NETNS=$SB_NODE_NS CNI_IFNAME=nosuch0 CNI_PATH=$REF_DIR \
        ip netns exec "$SB_NODE" "$PLUGIN" <"$WORK/c.json"); RC=$?
  assert_eq 0 "$RC" "DEL with CNI_NETNS_OVERRIDE: $OUT"
}

test_protocol_errors() {
  cni_setup
  local c; c=$(sandbox_container e)
  mkconf 9.9.9 >"$WORK/v.json"
  plugin ADD e "$c" <"$WORK/v.json"
  assert_eq "1 1" "$RC $(json_get "$OUT" .code)" "unsupported version"
  assert_contains "$(json_get "$OUT" .msg)" "plugin supports [0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0]"
  mkconf 9.9.9 | jq '. + {cniVersions: ["1.0.0", "9.9.9"]}' >"$WORK/vs.json"
  plugin ADD e "$c" <"$WORK/vs.json"
  assert_eq "0 1.0.0" "$RC $(json_get "$OUT" .cniVersion)" "cniVersions honoured"
  plugin DEL e "$c" <"$WORK/vs.json"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=e CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$PLUGIN" <"$WORK/vs.json"); RC=$?
  assert_eq "1 4" "$RC $(json_get "$OUT" .code)" "missing CNI_NETNS"
  assert_contains "$(json_get "$OUT" .msg)" "[CNI_NETNS]"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=../etc CNI_NETNS=$c CNI_IFNAME=eth0 CNI_PATH=$REF_DIR "$PLUGIN" <"$WORK/vs.json"); RC=$?
  assert_eq "1 4" "$RC $(json_get "$OUT" .code)" "bad container ID"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=e CNI_NETNS=$c CNI_IFNAME=eth0/x CNI_PATH=$REF_DIR "$PLUGIN" <"$WORK/vs.json"); RC=$?
  assert_eq "1 4" "$RC $(json_get "$OUT" .code)" "bad ifname"
  OUT=$(CNI_COMMAND=ADD CNI_CONTAINERID=e CNI_NETNS=$c CNI_IFNAME=eth0 CNI_PATH=$REF_DIR CNI_ARGS="FOO=1" "$PLUGIN" <"$WORK/vs.json"); RC=$?
  assert_eq "1 2" "$RC $(json_get "$OUT" .code)" "unknown CNI_ARGS key"
  plugin ADD e "$c" <"$KNETCTL_SRC/testdata/cni/field-trailing-comma.conf"
  assert_eq "1 6" "$RC $(json_get "$OUT" .code)" "trailing comma"
  assert_contains "$(json_get "$OUT" .msg)" "line 15, column 9: a trailing comma before ']' is not allowed in JSON: remove the ',' at line 14, column 34"
  mkconf 1.0.0 bridged >"$WORK/m.json"
  plugin ADD e "$c" <"$WORK/m.json"
  assert_eq "1 7" "$RC $(json_get "$OUT" .code)" "bad mode"
  assert_contains "$(json_get "$OUT" .msg)" "allowed are bridge, private, vepa, passthru"
  OUT=$(CNI_COMMAND=VERSION "$PLUGIN" <<<'{"cniVersion":"0.4.0"}'); RC=$?
  assert_eq "0 0.4.0 1.1.0" "$RC $(json_get "$OUT" '.cniVersion') $(json_get "$OUT" '.supportedVersions[-1]')" "VERSION"
  assert_status 0 env -u CNI_COMMAND "$PLUGIN" </dev/null
  assert_contains "$ERR" "CNI protocol versions supported"
  assert_eq 0 "$(lease_count)" "leases left by failures"
}

test_check_reports_differences() {
  cni_setup
  local c; c=$(sandbox_container k)
  mkconf 0.4.0 >"$WORK/c.json"
  plugin ADD k "$c" <"$WORK/c.json"; assert_eq 0 "$RC" "ADD"
  jq --argjson r "$OUT" '. + {prevResult: $r}' "$WORK/c.json" >"$WORK/check.json"
  plugin CHECK k "$c" <"$WORK/check.json"; assert_eq 0 "$RC" "CHECK of a healthy pod: $OUT"
  ip -n "$(basename "$c")" route del 10.32.0.0/24
  plugin CHECK k "$c" <"$WORK/check.json"
  assert_eq 1 "$RC" "CHECK with a route missing"
  assert_contains "$(json_get "$OUT" .msg)" "route 10.32.0.0/24 via 172.20.7.100 from prevResult is missing"
  ip -n "$(basename "$c")" addr flush dev eth0
  plugin CHECK k "$c" <"$WORK/check.json"
  assert_contains "$(json_get "$OUT" .msg)" "address 172.20.7.150/24 from prevResult is not on the interface"
  rm -f "$DATA/macvlan-net/172.20.7.150"
  plugin CHECK k "$c" <"$WORK/check.json"
  assert_contains "$(json_get "$OUT" .msg)" "failed to find address added by container k"
  mkconf 0.3.1 | jq --argjson r "$(jq .prevResult "$WORK/check.json")" '. + {prevResult: $r}' >"$WORK/old.json"
  plugin CHECK k "$c" <"$WORK/old.json"
  assert_eq "1 1" "$RC $(json_get "$OUT" .code)" "CHECK with 0.3.1"
}

test_status_and_gc() {
  cni_setup
  local a b; a=$(sandbox_container a); b=$(sandbox_container b)
  mkconf 1.1.0 >"$WORK/c.json"
  plugin STATUS "" "" <"$WORK/c.json"; assert_eq 0 "$RC" "STATUS: $OUT"
  plugin ADD a "$a" <"$WORK/c.json"; plugin ADD b "$b" <"$WORK/c.json"
  # A lease written by an older host-local (ID only) for a container that is gone.
  printf 'oldone' >"$DATA/macvlan-net/172.20.7.190"
  jq '. + {"cni.dev/valid-attachments": [{"containerID":"a","ifname":"eth0"}]}' "$WORK/c.json" >"$WORK/gc.json"
  plugin GC "" "" <"$WORK/gc.json"; assert_eq 0 "$RC" "GC: $OUT"
  assert_eq "172.20.7.150 a" "$(leases)" "leases after GC"
  sb_node ip link set em2 down
  plugin STATUS "" "" <"$WORK/c.json"
  assert_eq "1 50" "$RC $(json_get "$OUT" .code)" "STATUS with master down"
  assert_contains "$(json_get "$OUT" .msg)" "master \"em2\" is down"
}

test_admin_front_end() {
  cni_setup
  local c; c=$(sandbox_container adm)
  mkconf 1.0.0 | jq 'del(.ipam.dataDir)' >"$WORK/c.json"
  mkdir -p "$WORK/root"
  assert_status 0 ip netns exec "$SB_NODE" "$KNETCTL_BIN" cni add --root "$WORK/root" --config "$WORK/c.json" --netns "$c" --container-id adm -o json
  assert_eq 172.20.7.150/24 "$(json_get "$OUT" .result.ips[0].address)" "admin add result"
  [ -f "$WORK/root/var/lib/cni/networks/macvlan-net/172.20.7.150" ] || fail "--root did not prefix the store"
  json_get "$OUT" .result >"$WORK/prev.json"
  assert_status 0 ip netns exec "$SB_NODE" "$KNETCTL_BIN" cni check --root "$WORK/root" -c "$WORK/c.json" --netns "$c" --container-id adm --prev-result "$WORK/prev.json"
  ip -n "$(basename "$c")" link set eth0 down
  assert_status 1 ip netns exec "$SB_NODE" "$KNETCTL_BIN" cni check --root "$WORK/root" -c "$WORK/c.json" --netns "$c" --container-id adm --prev-result "$WORK/prev.json"
  assert_contains "$OUT" "interface is down"
  assert_status 0 ip netns exec "$SB_NODE" "$KNETCTL_BIN" cni gc --root "$WORK/root" -c "$WORK/c.json" --dry-run
  assert_contains "$OUT" "would: release 172.20.7.150 (container adm, eth0)"
  [ -f "$WORK/root/var/lib/cni/networks/macvlan-net/172.20.7.150" ] || fail "gc --dry-run released"
  assert_status 0 ip netns exec "$SB_NODE" "$KNETCTL_BIN" cni del --root "$WORK/root" -c "$WORK/c.json" --netns "$c" --container-id adm
  assert_eq "" "$(links_in "$c")" "links after admin del"
  assert_status 2 "$KNETCTL_BIN" cni add -c "$KNETCTL_SRC/testdata/cni/field-trailing-comma.conf" --netns "$c" --container-id x
  assert_contains "$ERR" "field-trailing-comma.conf: line 15, column 9: a trailing comma before ']' is not allowed in JSON: remove the ',' at line 14, column 34"
}

run_tests
