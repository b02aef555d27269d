# SPDX-License-Identifier: Apache-2.0
# Demo step (sourced by scripts/demo): knetctl proxy check on a kubeadm node whose
# kube-proxy clusterCIDR is the pod range instead of the service range, then the fix.
# Works on its own (only the sandbox exists) and after the other steps: it adds the
# kubeadm files to $DEMO_ROOT and keeps any CNI config an earlier step installed.

step "proxy check: does kube-proxy masquerade pod->Service traffic?"
_proxy_src=$KNETCTL_SRC/testdata/kube/kubeadm-mismatch
say "a kubeadm node goes into $DEMO_ROOT: the apiserver's static pod manifest"
say "(--service-cluster-ip-range=10.32.0.0/24), kube-proxy's config.conf and its process"
mkdir -p "$DEMO_ROOT/etc" "$DEMO_ROOT/var/lib"
cp -a "$_proxy_src/etc/kubernetes" "$DEMO_ROOT/etc/"
cp -a "$_proxy_src/var/lib/kube-proxy" "$DEMO_ROOT/var/lib/"
cp -a "$_proxy_src/proc" "$DEMO_ROOT/"
_proxy_have_cni=
for _proxy_f in "$DEMO_ROOT"/etc/cni/net.d/*.conf "$DEMO_ROOT"/etc/cni/net.d/*.conflist "$DEMO_ROOT"/etc/cni/net.d/*.json; do
  [ -e "$_proxy_f" ] && _proxy_have_cni=1
done
if [ -z "$_proxy_have_cni" ]; then
  mkdir -p "$DEMO_ROOT/etc/cni/net.d"
  cp -a "$_proxy_src/etc/cni/net.d/." "$DEMO_ROOT/etc/cni/net.d/"
  say "and a macvlan CNI config routing 10.32.0.0/24 via the node (172.20.7.100)"
fi

# Like `run`, but keeps knetctl's exit status (run's pipe into sed loses it under pipefail).
_proxy_check() {
  printf '    $ %s\n' "knetctl proxy check --root $DEMO_ROOT --netns $SB_NODE_NS"
  local out rc=0
  out=$(knetctl proxy check --root "$DEMO_ROOT" --netns "$SB_NODE_NS" 2>&1) || rc=$?
  printf '%s\n' "$out" | sed 's/^/      /'
  return $rc
}

_proxy_rc=0
_proxy_check || _proxy_rc=$?
if [ "$_proxy_rc" != 1 ]; then
  say "expected exit status 1 (the mismatch), got $_proxy_rc"
  return 1
fi
say "exit status 1: kube-proxy's clusterCIDR is the pod range, so pod->Service traffic is not masqueraded"

_proxy_conf=$DEMO_ROOT/var/lib/kube-proxy/config.conf
_proxy_old=$(grep -n '^clusterCIDR:' "$_proxy_conf")
sed -i 's|^clusterCIDR: .*|clusterCIDR: 10.32.0.0/24|' "$_proxy_conf"
_proxy_new=$(grep -n '^clusterCIDR:' "$_proxy_conf")
say "the fix, in /var/lib/kube-proxy/config.conf (on a cluster: the kube-proxy ConfigMap):"
say "  - line ${_proxy_old}"
say "  + line ${_proxy_new}"

_proxy_rc=0
_proxy_check || _proxy_rc=$?
if [ "$_proxy_rc" != 0 ]; then
  say "expected exit status 0 after the fix, got $_proxy_rc"
  return 1
fi
say "exit status 0: every pod->Service packet is masqueraded, replies come back through the node"
unset _proxy_src _proxy_have_cni _proxy_f _proxy_rc _proxy_conf _proxy_old _proxy_new
unset -f _proxy_check
