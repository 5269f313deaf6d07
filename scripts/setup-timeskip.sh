#!/usr/bin/env bash
# Finds or builds Temporal's time-skipping test server (a Java program from Maven Central) that the timer
# tests run against; see test/setup/timeSkippingServer.ts. Building needs a Java runtime and Maven: Debian's
# are installed when missing (the SDK's own download comes from temporal.download, which is out of reach).
# Does nothing when TEMPORAL_TEST_SERVER_PATH names a server or the cache already holds one.
set -euo pipefail
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

if [ -z "${TEMPORAL_TEST_SERVER_PATH:-}" ] && ! { command -v java && command -v mvn; } >/dev/null 2>&1; then
  apt_install setup-timeskip default-jre-headless maven
fi
exec node --import tsx "$(dirname "$0")/setup-timeskip.ts"
