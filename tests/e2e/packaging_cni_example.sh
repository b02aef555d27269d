#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The example CNI configuration the packages ship (packaging/cni/10-knetctl.conflist)
# works on the sandbox node: run as the reference macvlan plugin
# (containernetworking-plugins, /usr/lib/cni) and as knetctl-cni (a symlink to the
# knetctl binary, as the packages install it), an ADD gives the pod the first address
# of the range, the default route via the LAN gateway and the service route via the
# node's (shim) address; DEL cleans up.
# The IPAM store is redirected to a temp dir: nothing is written outside it.
source "$(dirname "$0")/../lib/assert.sh"

EXAMPLE=$KNETCTL_SRC/packaging/cni/10-knetctl.conflist
REF_CNI=/usr/lib/cni

test_example_is_well_formed() {
  assert_eq "knetctl-cni" "$(jq -r '.plugins[0].type' "$EXAMPLE")" "plugin type"
  assert_eq "em2" "$(jq -r '.plugins[0].master' "$EXAMPLE")" "master"
  assert_eq "bridge" "$(jq -r '.plugins[0].mode' "$EXAMPLE")" "mode"
  assert_eq "host-local" "$(jq -r '.plugins[0].ipam.type' "$EXAMPLE")" "ipam type"
  assert_eq "172.20.7.100" \
    "$(jq -r '.plugins[0].ipam.routes[] | select(.dst == "10.32.0.0/24") | .gw' "$EXAMPLE")" \
    "gw of the service route (the node's shim address)"
}

# run_plugin DIR TYPE COMMAND CONTAINER-NS: the example's first plugin, as libcni would
# pass it (name and cniVersion of the list), run from DIR inside the node namespace.
run_plugin() {
  local dir=$1 type=$2 cmd=$3 cns=$4
  jq --arg type "$type" --arg data "$WORK/ipam" \
    '.plugins[0] + {name, cniVersion, type: $type} | .ipam.dataDir = $data' "$EXAMPLE" |
    ip netns exec "$SB_NODE" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin CNI_COMMAND="$cmd" \
      CNI_CONTAINERID="example-$type" CNI_NETNS="$cns" CNI_IFNAME=eth0 CNI_PATH="$dir:$REF_CNI" \
      "$dir/$type"
}

# add_and_check DIR TYPE: ADD, check the pod, DEL, check it is gone.
add_and_check() {
  local dir=$1 type=$2
  local cns; cns=$(sandbox_container "$type") || { fail "failed to create a container namespace"; return; }
  local out rc
  out=$(run_plugin "$dir" "$type" ADD "$cns"); rc=$?
  assert_eq 0 "$rc" "$type ADD exit status (output: $out)"
  assert_eq "172.20.7.150/24" "$(jq -r '.ips[0].address' <<<"$out" 2>/dev/null)" "$type: pod address in the result"
  local routes; routes=$(ip -n "$(basename "$cns")" -j route show | jq -c '[.[] | {dst, gateway}]')
  assert_contains "$routes" '{"dst":"default","gateway":"172.20.7.254"}' "$type: pod routes"
  assert_contains "$routes" '{"dst":"10.32.0.0/24","gateway":"172.20.7.100"}' "$type: pod routes"
  [ -f "$WORK/ipam/knetctl/172.20.7.150" ] || fail "$type: no reservation in the redirected store"
  out=$(run_plugin "$dir" "$type" DEL "$cns"); rc=$?
  assert_eq 0 "$rc" "$type DEL exit status (output: $out)"
  [ -e "$WORK/ipam/knetctl/172.20.7.150" ] && fail "$type: reservation left after DEL"
  ip -n "$(basename "$cns")" link show eth0 >/dev/null 2>&1 && fail "$type: eth0 left after DEL"
  return 0
}

test_example_works_with_the_reference_macvlan() {
  [ -x "$REF_CNI/macvlan" ] || { fail "$REF_CNI/macvlan missing (containernetworking-plugins)"; return; }
  sandbox_create || { fail "failed to create the sandbox"; return; }
  WORK=$(mktemp -d /tmp/knetctl-cniex.XXXXXX)
  trap 'sandbox_destroy; rm -rf "$WORK"' EXIT
  add_and_check "$REF_CNI" macvlan
}

# As the packages install it: knetctl-cni is a symlink to knetctl (argv[0] dispatch).
test_example_works_with_knetctl_cni() {
  sandbox_create || { fail "failed to create the sandbox"; return; }
  WORK=$(mktemp -d /tmp/knetctl-cniex.XXXXXX)
  trap 'sandbox_destroy; rm -rf "$WORK"' EXIT
  mkdir -p "$WORK/bin"
  ln -s "$KNETCTL_BIN" "$WORK/bin/knetctl-cni"
  add_and_check "$WORK/bin" knetctl-cni
}

run_tests
