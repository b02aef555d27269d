#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The .deb and the .rpm: built from this build tree with scripts/package (Debian's
# dpkg-deb and rpmbuild), their contents, modes and symlink checked, then installed into
# throwaway roots (dpkg --root, rpm --root) where the knetctl-cni symlink must resolve
# and run as the plugin. Nothing is installed on this machine itself.
source "$(dirname "$0")/../lib/assert.sh"

# Where ifup-macvlan/ifdown-macvlan come from (the tree's packaging/network-scripts).
: "${KNETCTL_NETWORK_SCRIPTS:=$KNETCTL_SRC/packaging/network-scripts}"

PKG_WORK=$(mktemp -d /tmp/knetctl-pkgtest.XXXXXX)
trap 'rm -rf "$PKG_WORK"' EXIT
PKG_VERSION=0.1.0

# The files both packages must install: path mode (symlink: "link").
EXPECTED_FILES=(
  "/usr/bin/knetctl 0755"
  "/opt/cni/bin/knetctl-cni link"
  "/etc/sysconfig/network-scripts/ifup-macvlan 0755"
  "/etc/sysconfig/network-scripts/ifdown-macvlan 0755"
  "/usr/share/man/man8/knetctl.8.gz 0644"
  "/usr/share/bash-completion/completions/knetctl 0644"
  "/usr/share/doc/knetctl/examples/10-knetctl.conflist 0644"
)

build_packages() {
  [ -n "${DEB:-}" ] && return 0
  for t in dpkg-deb dpkg-shlibdeps rpmbuild rpm strace; do
    command -v "$t" >/dev/null || { echo "missing tool $t (scripts/deps installs it)" >&2; return 1; }
  done
  "$KNETCTL_SRC/scripts/package" --build-dir "$KNETCTL_BUILD" --out "$PKG_WORK/out" \
    --version "$PKG_VERSION" --network-scripts "$KNETCTL_NETWORK_SCRIPTS" all >"$PKG_WORK/built" ||
    return 1
  DEB=$(grep '\.deb$' "$PKG_WORK/built")
  RPM=$(grep '\.rpm$' "$PKG_WORK/built")
}
# Built once for the whole suite (each test runs in a subshell that inherits these).
if ! build_packages; then
  echo "failed to build the packages with scripts/package" >&2
  exit 1
fi

# mode_of "drwxr-xr-x" -> 0755 (symlinks -> link)
mode_of() {
  local p=$1 i
  [ "${p:0:1}" = l ] && { echo link; return; }
  local bits=${p:1:9} v=(4 2 1 4 2 1 4 2 1)
  local u=0 g=0 o=0
  for i in 0 1 2; do [ "${bits:i:1}" != - ] && u=$((u + v[i])); done
  for i in 3 4 5; do [ "${bits:i:1}" != - ] && g=$((g + v[i])); done
  for i in 6 7 8; do [ "${bits:i:1}" != - ] && o=$((o + v[i])); done
  echo "0$u$g$o"
}

test_deb_contents_modes_and_symlink() {
  local listing; listing=$(dpkg-deb -c "$DEB")
  local entry path want line got
  for entry in "${EXPECTED_FILES[@]}"; do
    path=${entry% *} want=${entry#* }
    line=$(awk -v p=".$path" '$6 == p' <<<"$listing")
    [ -n "$line" ] || { fail "deb lacks $path"; continue; }
    got=$(mode_of "$(awk '{print $1}' <<<"$line")")
    assert_eq "$want" "$got" "mode of $path in the deb"
    assert_eq "root/root" "$(awk '{print $2}' <<<"$line")" "owner of $path in the deb"
  done
  # The plugin symlink is relative, so it resolves inside --root/--instdir and chroots.
  assert_contains "$listing" "./opt/cni/bin/knetctl-cni -> ../../../usr/bin/knetctl" "deb symlink"
  assert_eq "knetctl" "$(dpkg-deb -f "$DEB" Package)" "deb Package"
  assert_eq "$PKG_VERSION-1" "$(dpkg-deb -f "$DEB" Version)" "deb Version"
  assert_contains "$(dpkg-deb -f "$DEB" Depends)" "libc6" "deb Depends (from dpkg-shlibdeps)"
  # No conffiles: the network scripts are code, replaced on every upgrade.
  assert_eq "" "$(dpkg-deb -I "$DEB" conffiles 2>/dev/null)" "deb conffiles"
}

test_rpm_contents_modes_and_symlink() {
  local listing; listing=$(rpm -qlvp "$RPM" 2>/dev/null)
  local entry path want line got
  for entry in "${EXPECTED_FILES[@]}"; do
    path=${entry% *} want=${entry#* }
    line=$(awk -v p="$path" '$9 == p' <<<"$listing")
    [ -n "$line" ] || { fail "rpm lacks $path"; continue; }
    got=$(mode_of "$(awk '{print $1}' <<<"$line")")
    assert_eq "$want" "$got" "mode of $path in the rpm"
    assert_eq "root root" "$(awk '{print $3, $4}' <<<"$line")" "owner of $path in the rpm"
  done
  assert_contains "$listing" "/opt/cni/bin/knetctl-cni -> ../../../usr/bin/knetctl" "rpm symlink"
  assert_eq "knetctl $PKG_VERSION 1" "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE}' "$RPM" 2>/dev/null)" "rpm NEVR"
  assert_contains "$(rpm -qp --requires "$RPM" 2>/dev/null)" "libc.so.6" "rpm Requires (from elfdeps)"
  # Nothing marked %config: an upgrade replaces every file.
  assert_eq "" "$(rpm -qp --configfiles "$RPM" 2>/dev/null)" "rpm config files"
}

# Both packages carry the same bytes for every regular file (same inputs, same layout).
test_deb_and_rpm_ship_the_same_files() {
  local d=$PKG_WORK/same r=$PKG_WORK/same-rpm
  mkdir -p "$d" "$r"
  dpkg-deb -x "$DEB" "$d"
  rpm --root "$r" --initdb
  rpm --root "$r" -i --nodeps --noscripts "$RPM" 2>/dev/null || fail "rpm --root install failed"
  local entry path
  for entry in "${EXPECTED_FILES[@]}"; do
    path=${entry% *}
    [ "${entry#* }" = link ] && continue
    cmp -s "$d$path" "$r$path" || fail "$path differs between the deb and the rpm"
  done
  # The network scripts are the tree's, byte for byte.
  for f in ifup-macvlan ifdown-macvlan; do
    cmp -s "$KNETCTL_NETWORK_SCRIPTS/$f" "$d/etc/sysconfig/network-scripts/$f" ||
      fail "packaged $f differs from $KNETCTL_NETWORK_SCRIPTS/$f"
  done
  cmp -s "$KNETCTL_SRC/packaging/completion/knetctl" "$d/usr/share/bash-completion/completions/knetctl" ||
    fail "packaged completion differs from packaging/completion/knetctl"
  zcat "$d/usr/share/man/man8/knetctl.8.gz" | cmp -s - "$KNETCTL_SRC/packaging/man/knetctl.8" ||
    fail "packaged man page differs from packaging/man/knetctl.8"
  jq -e '.plugins[0].type == "knetctl-cni"' "$d/usr/share/doc/knetctl/examples/10-knetctl.conflist" >/dev/null ||
    fail "packaged conflist is not the knetctl-cni example"
}

# check_installed ROOT WHAT: the symlink resolves inside ROOT and runs as the plugin.
check_installed() {
  local root=$1 what=$2
  local link=$root/opt/cni/bin/knetctl-cni
  [ -L "$link" ] || { fail "$what: $link is not a symlink"; return; }
  assert_eq "$root/usr/bin/knetctl" "$(readlink -e "$link")" "$what: knetctl-cni resolves to"
  assert_status 0 "$root/usr/bin/knetctl" --version
  assert_contains "$OUT" "knetctl " "$what: knetctl --version"
  # Invoked through the symlink, the binary is the CNI plugin (argv[0] == knetctl-cni):
  # VERSION needs only CNI_COMMAND and answers with the supported versions.
  OUT=$(CNI_COMMAND=VERSION "$link" </dev/null 2>/dev/null)
  local rc=$?
  assert_eq 0 "$rc" "$what: exit status of knetctl-cni VERSION"
  assert_eq "true" "$(printf '%s' "$OUT" | jq -c '.supportedVersions | index("1.0.0") != null' 2>/dev/null)" \
    "$what: knetctl-cni VERSION lists 1.0.0 (output <$OUT>)"
  [ -x "$root/etc/sysconfig/network-scripts/ifup-macvlan" ] || fail "$what: ifup-macvlan not executable"
  # The man page is valid roff that man renders without warnings.
  local warn
  warn=$(MANWIDTH=80 man --warnings -l "$root/usr/share/man/man8/knetctl.8.gz" 2>&1 >/dev/null)
  assert_eq "" "$warn" "$what: man warnings"
}

test_deb_installs_into_a_root() {
  local root=$PKG_WORK/deb-root
  mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
  : >"$root/var/lib/dpkg/status"
  # --force-depends: the empty root has no libc6 package; the binary uses this machine's.
  assert_status 0 dpkg --root="$root" --force-depends -i "$DEB"
  assert_contains "$(dpkg --root="$root" -s knetctl 2>/dev/null)" "Status: install ok installed" "dpkg -s"
  check_installed "$root" deb
}

test_rpm_installs_into_a_root() {
  local root=$PKG_WORK/rpm-root
  mkdir -p "$root"
  rpm --root "$root" --initdb
  assert_status 0 rpm --root "$root" -i --nodeps "$RPM"
  assert_eq "knetctl-$PKG_VERSION-1.$(rpm --eval %_arch)" "$(rpm --root "$root" -q knetctl)" "rpm -q"
  check_installed "$root" rpm
}

run_tests
