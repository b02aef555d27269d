# SPDX-License-Identifier: Apache-2.0
step "knetctl doctor: after the fixes"
if ! run knetctl doctor --root "$DEMO_ROOT" --netns "$SB_NODE_NS"; then
  say "doctor still finds a problem (see above)"
  exit 1
fi
say "every check passes"
