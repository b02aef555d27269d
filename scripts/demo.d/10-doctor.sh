# SPDX-License-Identifier: Apache-2.0
step "knetctl doctor: what is wrong with this node"
run knetctl doctor --root "$DEMO_ROOT" --netns "$SB_NODE_NS" || true
