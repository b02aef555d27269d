#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Ansible role (packaging/ansible/roles/knetctl) run by Debian's ansible-core
# (local connection, inventory localhost) against a sandbox node: the role always gets
# --netns (the node namespace) and --root (a CentOS-like /etc made here), so nothing
# touches this machine's own interfaces, firewall or files outside the temp dir.
#  - first run: changed, the node is set up (shim, REJECT gone live and persisted);
#  - second run: changed=0 in the PLAY RECAP;
#  - --check on a fresh node: nothing changes (addresses, routes, rules, files);
#  - a failing knetctl (missing master, kube-proxy mismatch) fails the play.
source "$(dirname "$0")/../lib/assert.sh"

ROLES=$KNETCTL_SRC/packaging/ansible/roles
SHIM=em2shim

command -v ansible-playbook >/dev/null || { echo "ansible-playbook is not installed (scripts/deps installs ansible-core)" >&2; exit 1; }
command -v iptables-legacy-restore >/dev/null || { echo "iptables-legacy-restore is not installed" >&2; exit 1; }

# CentOS 7's /etc/sysconfig/iptables as iptables-services ships it.
centos7_iptables() {
  cat <<'EOF'
# sample configuration for iptables service
# you can edit this manually or use system-config-firewall
# please do not ask us to add additional ports/services to this default configuration
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -j REJECT --reject-with icmp-host-prohibited
COMMIT
EOF
}

# make_node CLUSTER_CIDR: a sandbox node and its CentOS-like root in $WORK/root, the
# CentOS ruleset loaded (legacy) into the node namespace.
make_node() {
  local cluster_cidr=${1:-10.32.0.0/24}
  sandbox_create || return 1
  WORK=$(mktemp -d /tmp/knetctl-ansible.XXXXXX)
  trap 'sandbox_destroy; rm -rf "$WORK"' EXIT
  ROOT=$WORK/root
  mkdir -p "$ROOT/etc/sysconfig/network-scripts" "$ROOT/etc/kubernetes/manifests" \
    "$ROOT/var/lib/kube-proxy" "$ROOT/etc/cni/net.d" "$ROOT/var/lib/cni" "$ROOT/run"
  cat >"$ROOT/etc/sysconfig/network-scripts/ifcfg-em2" <<EOF
TYPE=Ethernet
BOOTPROTO=none
DEFROUTE=yes
IPV6INIT=no
NAME=em2
DEVICE=em2
ONBOOT=yes
IPADDR=$SB_NODE_IP
PREFIX=$SB_PLEN
GATEWAY=$SB_GW
EOF
  printf 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\nNAME=loopback\n' \
    >"$ROOT/etc/sysconfig/network-scripts/ifcfg-lo"
  printf 'NETWORKING=yes\nHOSTNAME=node1.example.lan\n' >"$ROOT/etc/sysconfig/network"
  centos7_iptables >"$ROOT/etc/sysconfig/iptables"
  chmod 0600 "$ROOT/etc/sysconfig/iptables"
  # kubeadm layout: kube-proxy's config.conf and the apiserver's static pod.
  cat >"$ROOT/var/lib/kube-proxy/config.conf" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: $cluster_cidr
masqueradeAll: false
mode: iptables
EOF
  cat >"$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=172.20.7.100
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --etcd-servers=https://127.0.0.1:2379
    - --secure-port=6443
    - --service-cluster-ip-range=10.32.0.0/24
    image: kube-apiserver:v1.28.2
    name: kube-apiserver
  hostNetwork: true
EOF
  ip netns exec "$SB_NODE" iptables-legacy-restore <"$ROOT/etc/sysconfig/iptables" || return 1
  # Ansible's own state stays in the temp dir.
  export ANSIBLE_HOME=$WORK/ansible-home ANSIBLE_LOCAL_TEMP=$WORK/ansible-tmp \
    ANSIBLE_REMOTE_TEMP=$WORK/ansible-tmp ANSIBLE_ROLES_PATH=$ROLES ANSIBLE_NOCOLOR=1 \
    ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_CONFIG=$WORK/ansible.cfg
  printf '[defaults]\n' >"$WORK/ansible.cfg"
  printf 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' >"$WORK/inventory"
  cat >"$WORK/playbook.yml" <<'EOF'
- name: knetctl on the sandbox node
  hosts: localhost
  gather_facts: false
  roles:
    - role: knetctl
EOF
  write_vars
}

# write_vars [JSON-OVERRIDES]: the role's variables for this sandbox. --netns and --root
# are always the sandbox's: knetctl never runs against this machine's own network.
write_vars() {
  [ -n "${SB_NODE_NS:-}" ] && [ -e "$SB_NODE_NS" ] && [ -d "${ROOT:-}" ] ||
    { echo "write_vars: no sandbox node namespace or root" >&2; return 1; }
  jq -n --arg bin "$KNETCTL_BIN" --arg root "$ROOT" --arg netns "$SB_NODE_NS" \
    --arg scripts "$KNETCTL_SRC/packaging/network-scripts" --arg shim "$SHIM" \
    '{knetctl_install: "binary", knetctl_binary_src: $bin, knetctl_install_prefix: $root,
      knetctl_network_scripts_src: $scripts,
      knetctl_root: $root, knetctl_netns: $netns,
      knetctl_master: "em2", knetctl_shim_name: $shim, knetctl_persist: "ifcfg",
      knetctl_fw_backend: "legacy"} + ($over | fromjson) + {knetctl_root: $root, knetctl_netns: $netns}' \
    --arg over "${1:-{\}}" >"$WORK/vars.json"
}

# play [ansible-playbook args]: runs the play; $PLAY_OUT, $PLAY_RC, $RECAP_* set.
play() {
  PLAY_OUT=$(cd "$WORK" && ansible-playbook -i inventory playbook.yml -e "@vars.json" "$@" 2>&1)
  PLAY_RC=$?
  local recap
  recap=$(awk '/^PLAY RECAP/ {r = 1; next} r && /^localhost/ {print; exit}' <<<"$PLAY_OUT")
  RECAP_OK=$(grep -oE 'ok=[0-9]+' <<<"$recap" | cut -d= -f2)
  RECAP_CHANGED=$(grep -oE 'changed=[0-9]+' <<<"$recap" | cut -d= -f2)
  RECAP_FAILED=$(grep -oE 'failed=[0-9]+' <<<"$recap" | cut -d= -f2)
  [ -n "$recap" ] || fail "no PLAY RECAP in the output: $PLAY_OUT"
}
show_play() { printf '%s\n' "$PLAY_OUT" | sed 's/^/      | /' >&2; }

# node_state: the node's addresses, routes, links and legacy rules, and every file of
# the root with its checksum (counters and lifetimes left out).
node_state() {
  # IPv6 link-local addresses and their routes appear whenever DAD finishes: left out.
  ip -n "$SB_NODE" -j addr show | jq -S -c '.[] | {ifname, operstate,
    addrs: [.addr_info[] | select(.scope != "link") | {family, "local": .local, prefixlen, "label": .label}]}'
  ip -n "$SB_NODE" -j route show table all | jq -S -c '.[] | select(.dst | startswith("fe80") | not)'
  ip netns exec "$SB_NODE" iptables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
  (cd "$ROOT" && find . \( -type f -o -type l \) -print0 | sort -z | xargs -0 -r sha256sum)
}

rules_live() { ip netns exec "$SB_NODE" iptables-legacy-save | grep -v '^#'; }

test_first_run_changes_second_run_does_not() {
  make_node || { fail "failed to create the sandbox node"; return; }
  play
  [ "$PLAY_RC" = 0 ] || { fail "first run failed (status $PLAY_RC)"; show_play; return; }
  assert_eq 0 "$RECAP_FAILED" "first run failed="
  [ "${RECAP_CHANGED:-0}" -gt 0 ] || fail "first run reported changed=$RECAP_CHANGED"
  echo "    first run: ok=$RECAP_OK changed=$RECAP_CHANGED"

  # Installed under the prefix: binary, plugin link, network scripts.
  [ -x "$ROOT/usr/bin/knetctl" ] || fail "knetctl not installed under the prefix"
  assert_eq "$ROOT/usr/bin/knetctl" "$(readlink -e "$ROOT/opt/cni/bin/knetctl-cni")" "knetctl-cni link"
  assert_eq "../../../usr/bin/knetctl" "$(readlink "$ROOT/opt/cni/bin/knetctl-cni")" "knetctl-cni link text"
  [ -x "$ROOT/etc/sysconfig/network-scripts/ifup-macvlan" ] || fail "ifup-macvlan not installed"

  # shim up: the node's address lives on the shim, the default route goes through it.
  local addrs
  addrs=$(ip -n "$SB_NODE" -j addr show | jq -r --arg ip "$SB_NODE_IP" '.[] | select(.addr_info[]?.local == $ip) | .ifname')
  assert_eq "$SHIM" "$addrs" "interface holding $SB_NODE_IP"
  assert_eq "$SHIM" "$(ip -n "$SB_NODE" -j route show default | jq -r '.[0].dev')" "default route device"
  ip netns exec "$SB_LAN" ping -c1 -W2 "$SB_NODE_IP" >/dev/null || fail "the lan cannot reach the node after shim up"
  [ -f "$ROOT/etc/sysconfig/network-scripts/ifcfg-$SHIM" ] || fail "shim up --persist ifcfg wrote no ifcfg-$SHIM"
  # fw fix: REJECT gone live and from the persisted file, the other rules kept.
  local live; live=$(rules_live)
  assert_not_contains "$live" "icmp-host-prohibited" "live rules"
  assert_contains "$live" "--dport 22 -j ACCEPT" "live rules"
  assert_not_contains "$(cat "$ROOT/etc/sysconfig/iptables")" "icmp-host-prohibited" "/etc/sysconfig/iptables"
  assert_contains "$(cat "$ROOT/etc/sysconfig/iptables")" "--dport 22 -j ACCEPT" "/etc/sysconfig/iptables"

  local before; before=$(node_state)
  play
  [ "$PLAY_RC" = 0 ] || { fail "second run failed (status $PLAY_RC)"; show_play; return; }
  assert_eq 0 "$RECAP_CHANGED" "second run changed="
  assert_eq 0 "$RECAP_FAILED" "second run failed="
  echo "    second run: ok=$RECAP_OK changed=$RECAP_CHANGED"
  [ "$RECAP_CHANGED" = 0 ] || show_play
  assert_eq "$before" "$(node_state)" "node state after the second run"
}

test_check_mode_changes_nothing() {
  make_node || { fail "failed to create the sandbox node"; return; }
  local before; before=$(node_state)

  # A fresh node without knetctl: check mode cannot ask it, says so, changes nothing.
  play --check
  [ "$PLAY_RC" = 0 ] || { fail "--check without knetctl failed (status $PLAY_RC)"; show_play; }
  assert_contains "$PLAY_OUT" "is not installed at" "--check without knetctl"
  assert_eq "$before" "$(node_state)" "node state after --check without knetctl"

  # With knetctl installed (only the install tasks run), --check asks it with --dry-run.
  play --tags knetctl_install
  [ "$PLAY_RC" = 0 ] || { fail "install-only run failed (status $PLAY_RC)"; show_play; return; }
  before=$(node_state)
  play --check -v
  [ "$PLAY_RC" = 0 ] || { fail "--check failed (status $PLAY_RC)"; show_play; return; }
  assert_eq 0 "$RECAP_FAILED" "--check failed="
  echo "    --check: ok=$RECAP_OK changed=$RECAP_CHANGED (what would change)"
  # knetctl was run with --dry-run and said it would change the shim and the firewall.
  assert_contains "$PLAY_OUT" '"--dry-run"' "--check -v output"
  [ "${RECAP_CHANGED:-0}" -ge 2 ] || { fail "--check reported changed=$RECAP_CHANGED, expected shim and fw to be pending"; show_play; }
  assert_eq "$before" "$(node_state)" "node state after --check"
  assert_contains "$(rules_live)" "icmp-host-prohibited" "live rules after --check"
}

test_knetctl_failures_fail_the_play() {
  make_node 10.244.0.0/16 || { fail "failed to create the sandbox node"; return; }
  play --tags knetctl_install
  [ "$PLAY_RC" = 0 ] || { fail "install-only run failed (status $PLAY_RC)"; show_play; return; }
  local before; before=$(node_state)
  # A master that does not exist: shim up exits 2 with {"failed": true, "msg": ...}.
  write_vars '{"knetctl_master": "em9", "knetctl_fw_fix": false, "knetctl_proxy_check": false}'
  play
  assert_eq 2 "$PLAY_RC" "exit status of the play with a missing master"
  assert_eq 1 "$RECAP_FAILED" "failed= with a missing master"
  assert_contains "$PLAY_OUT" '"failed_when_result": true' "the play output"
  assert_contains "$PLAY_OUT" '\"failed\":true' "shim up's JSON error in the play output"
  assert_contains "$PLAY_OUT" "em9" "the error names the master"
  # kube-proxy's clusterCIDR 10.244.0.0/16 is not the service range: proxy check exits 1.
  write_vars '{"knetctl_shim": false, "knetctl_fw_fix": false}'
  play
  assert_eq 2 "$PLAY_RC" "exit status of the play with a kube-proxy mismatch"
  assert_eq 1 "$RECAP_FAILED" "failed= with a kube-proxy mismatch"
  # Not fatal when asked: reported, the play goes on.
  write_vars '{"knetctl_shim": false, "knetctl_fw_fix": false, "knetctl_proxy_check_fatal": false}'
  play
  assert_eq 0 "$PLAY_RC" "exit status of the play with a non-fatal kube-proxy mismatch"
  assert_contains "$PLAY_OUT" "knetctl proxy check found a problem" "non-fatal mismatch report"
  # Nothing of the node changed.
  assert_eq "$before" "$(node_state)" "node state after the failed runs"
}

run_tests
