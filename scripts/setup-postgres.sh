#!/usr/bin/env bash
# Finds or installs Debian's PostgreSQL server binaries for the snapshot store's PostgreSQL tests
# (test/store starts a throwaway cluster on loopback from them: initdb into a temp folder, pg_ctl start).
# Nothing is started here and no system cluster is used. Does nothing when initdb is already there.
set -euo pipefail

find_initdb() {
  if [ -n "${IDFLOW_PG_BIN:-}" ] && [ -x "${IDFLOW_PG_BIN}/initdb" ]; then echo "${IDFLOW_PG_BIN}/initdb"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ]; then echo "$found"; return; fi
  command -v initdb 2>/dev/null || true
}

initdb_path=$(find_initdb)
if [ -z "$initdb_path" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup-postgres: PostgreSQL is missing and this user cannot apt-get install it" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # The package's own cluster is not wanted (tests make their own): stop it if the install started one.
  $SUDO apt-get install -y -qq postgresql >/dev/null
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  initdb_path=$(find_initdb)
fi
echo "postgresql: $("$initdb_path" --version)"
