#!/usr/bin/env bash
# Prints how long a null-route takes from request to the edge router's kernel (and back), for
# Seawall's GoBGP backend and for the reference tool `gobgp global rib add/del`, side by side.
# Needs root and gobgpd, gobgp, bird2 (see .ci/run). Builds its own namespaces, removes them after.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/java-env.sh
./mvnw -q -B -pl testkit install -DskipTests
./mvnw -B -pl netctl test -Dtest=RtbhLatencyBench -Dnetctl.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  | sed -n '/^RTBH latency/,/^gobgp global rib del/p'
