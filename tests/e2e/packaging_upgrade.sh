#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Upgrades keep /opt/cni/bin/knetctl-cni present at every instant: container runtimes
# retry "text file busy" but not a missing plugin. Two versions of each package are
# built; upgrades and downgrades run in throwaway roots (dpkg --root, rpm --root)
#  - under strace: the link is only ever renamed over (dpkg: "<link>.dpkg-new",
#    rpm: "<link>;<txid>"), never unlinked;
#  - with a probe polling the link while upgrades run: zero misses.
# A control case shows that the probe does catch a non-atomic (rm + ln) replacement.
source "$(dirname "$0")/../lib/assert.sh"

: "${KNETCTL_NETWORK_SCRIPTS:=$KNETCTL_SRC/packaging/network-scripts}"
PKG_WORK=$(mktemp -d /tmp/knetctl-pkgup.XXXXXX)
trap 'rm -rf "$PKG_WORK"' EXIT

build_version() {
  "$KNETCTL_SRC/scripts/package" --build-dir "$KNETCTL_BUILD" --out "$PKG_WORK/$1" \
    --version "$1" --network-scripts "$KNETCTL_NETWORK_SCRIPTS" all >"$PKG_WORK/$1.list"
}
for t in dpkg-deb rpmbuild rpm strace; do
  command -v "$t" >/dev/null || { echo "missing tool $t (scripts/deps installs it)" >&2; exit 1; }
done
build_version 0.1.0 && build_version 0.1.1 || { echo "failed to build the packages" >&2; exit 1; }
DEB1=$(grep '\.deb$' "$PKG_WORK/0.1.0.list") DEB2=$(grep '\.deb$' "$PKG_WORK/0.1.1.list")
RPM1=$(grep '\.rpm$' "$PKG_WORK/0.1.0.list") RPM2=$(grep '\.rpm$' "$PKG_WORK/0.1.1.list")

# probe_start LINK: polls LINK (it must be a symlink that resolves) until probe_stop;
# probe_stop sets PROBE_RESULT to "CHECKS MISSES".
probe_start() {
  local link=$1 out=$PKG_WORK/probe.$BASHPID
  PROBE_OUT=$out
  (
    checks=0 misses=0 stop=0
    trap 'stop=1' TERM
    while [ $stop = 0 ]; do
      checks=$((checks + 1))
      { [ -L "$link" ] && [ -e "$link" ]; } || misses=$((misses + 1))
    done
    echo "$checks $misses" >"$out"
  ) &
  PROBE_PID=$!
}
probe_stop() {
  kill -TERM "$PROBE_PID"
  wait "$PROBE_PID" 2>/dev/null
  PROBE_RESULT=$(cat "$PROBE_OUT")
}

new_deb_root() {
  mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates"
  : >"$1/var/lib/dpkg/status"
}
# --force-unsafe-io: no fsync in these throwaway roots (the renames are what matter).
dpkg_in() { local root=$1; shift; dpkg --root="$root" --force-depends --force-downgrade --force-unsafe-io "$@" >/dev/null 2>&1; }
rpm_in() { local root=$1; shift; rpm --root "$root" --nodeps "$@" >/dev/null 2>&1; }

# assert_renamed_never_unlinked TRACE TEMP-REGEX: the link was renamed into place from a
# temporary name and no unlink/rmdir/rename ever removed it.
assert_renamed_never_unlinked() {
  local trace=$1 tmp_re=$2 what=$3
  grep -Eq "rename(at2?)?\(.*\"[^\"]*${tmp_re}\", .*\"([^\"]*/)?knetctl-cni\"" "$trace" ||
    fail "$what: no rename of a temporary onto knetctl-cni in the strace log: $(grep knetctl-cni "$trace")"
  local bad
  bad=$(grep -E '(unlink|unlinkat|rmdir)\(.*"([^"]*/)?knetctl-cni"' "$trace" | grep -v ' = -1 ')
  assert_eq "" "$bad" "$what: successful unlink of knetctl-cni"
  bad=$(grep -E 'rename(at2?)?\(.*"([^"]*/)?knetctl-cni", ' "$trace" | grep -v ' = -1 ')
  assert_eq "" "$bad" "$what: knetctl-cni renamed away"
}

test_deb_upgrade_renames_the_symlink_into_place() {
  local root=$PKG_WORK/deb-strace
  new_deb_root "$root"
  dpkg_in "$root" -i "$DEB1" || fail "dpkg -i $DEB1 failed"
  strace -f -qq -e trace=%file -o "$PKG_WORK/dpkg.trace" \
    dpkg --root="$root" --force-depends -i "$DEB2" >/dev/null 2>&1 || fail "dpkg upgrade failed"
  assert_eq "0.1.1-1" "$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Version}' knetctl)" "installed version"
  assert_renamed_never_unlinked "$PKG_WORK/dpkg.trace" 'knetctl-cni\.dpkg-new' "dpkg upgrade"
  assert_eq "$root/usr/bin/knetctl" "$(readlink -e "$root/opt/cni/bin/knetctl-cni")" "link after upgrade"
}

test_rpm_upgrade_renames_the_symlink_into_place() {
  local root=$PKG_WORK/rpm-strace
  mkdir -p "$root"
  rpm --root "$root" --initdb
  rpm_in "$root" -i "$RPM1" || fail "rpm -i $RPM1 failed"
  strace -f -qq -e trace=%file -o "$PKG_WORK/rpm.trace" \
    rpm --root "$root" --nodeps -U "$RPM2" >/dev/null 2>&1 || fail "rpm -U failed"
  assert_eq "knetctl-0.1.1-1.$(rpm --eval %_arch)" "$(rpm --root "$root" -q knetctl)" "installed version"
  assert_renamed_never_unlinked "$PKG_WORK/rpm.trace" 'knetctl-cni;[0-9a-f]+' "rpm upgrade"
  assert_eq "$root/usr/bin/knetctl" "$(readlink -e "$root/opt/cni/bin/knetctl-cni")" "link after upgrade"
  # The old package's erase (after the new one is in) leaves the shared file alone.
  assert_eq "1" "$(rpm --root "$root" -qa knetctl | wc -l)" "packages installed"
}

# Upgrade/downgrade 6 times with dpkg and with rpm while a probe polls the link.
test_symlink_never_missing_during_upgrades() {
  local droot=$PKG_WORK/deb-probe rroot=$PKG_WORK/rpm-probe i
  new_deb_root "$droot"
  dpkg_in "$droot" -i "$DEB1" || fail "dpkg -i failed"
  probe_start "$droot/opt/cni/bin/knetctl-cni"
  for i in 1 2 3; do
    dpkg_in "$droot" -i "$DEB2" || fail "dpkg upgrade $i failed"
    dpkg_in "$droot" -i "$DEB1" || fail "dpkg downgrade $i failed"
  done
  probe_stop; local res=$PROBE_RESULT
  echo "    dpkg: 6 upgrades/downgrades, probe checks/misses: $res"
  assert_eq 0 "${res#* }" "dpkg: probe misses"
  [ "${res% *}" -gt 1000 ] || fail "dpkg: the probe ran only ${res% *} checks"

  mkdir -p "$rroot"
  rpm --root "$rroot" --initdb
  rpm_in "$rroot" -i "$RPM1" || fail "rpm -i failed"
  probe_start "$rroot/opt/cni/bin/knetctl-cni"
  for i in 1 2 3; do
    rpm_in "$rroot" -U "$RPM2" || fail "rpm upgrade $i failed"
    rpm_in "$rroot" -U --oldpackage "$RPM1" || fail "rpm downgrade $i failed"
  done
  probe_stop; res=$PROBE_RESULT
  echo "    rpm: 6 upgrades/downgrades, probe checks/misses: $res"
  assert_eq 0 "${res#* }" "rpm: probe misses"
  [ "${res% *}" -gt 1000 ] || fail "rpm: the probe ran only ${res% *} checks"
}

# Control: the probe sees the gap of a remove-then-create replacement.
test_probe_catches_a_non_atomic_replacement() {
  local dir=$PKG_WORK/control i
  mkdir -p "$dir"
  : >"$dir/target"
  ln -s target "$dir/link"
  probe_start "$dir/link"
  for i in $(seq 200); do rm -f "$dir/link"; ln -s target "$dir/link"; done
  probe_stop; local res=$PROBE_RESULT
  echo "    rm + ln x200, probe checks/misses: $res"
  [ "${res#* }" -gt 0 ] || fail "the probe missed every gap of rm + ln ($res)"
}

run_tests
