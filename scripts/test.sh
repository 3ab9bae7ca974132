#!/usr/bin/env bash
# The whole test suite, with what it needs: the README's test command, and what .ci/run calls.
#
# The tests validate every SuiteTalk request and response against NetSuite's official XSDs
# with xmllint, reading the schemas from ../shared/suitetalk/xsd beside this clone. This script
# installs xmllint when it is missing (Debian's libxml2-utils; as root, or through sudo) and
# says plainly when the schemas are not there, before cargo starts. It also starts PostgreSQL
# (the cluster tests') when it is not running and it can.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v xmllint >/dev/null 2>&1; then
  echo "scripts/test.sh: installing xmllint (Debian package libxml2-utils) for the XSD checks" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq libxml2-utils
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo apt-get install -y -qq libxml2-utils
  else
    echo "scripts/test.sh: xmllint is missing and cannot be installed here: install libxml2-utils" >&2
    exit 2
  fi
fi

if [ ! -f ../shared/suitetalk/xsd/2023_2-all.xsd ]; then
  echo "scripts/test.sh: NetSuite's official WSDL/XSD sets are expected in $(cd .. && pwd)/shared/suitetalk/xsd" >&2
  echo "  (2017_1, 2017_2, 2023_2 and their <tag>-all.xsd; they are never copied into the project)" >&2
  exit 2
fi

# The cluster tests need PostgreSQL on 127.0.0.1:5432 (trust authentication, user postgres);
# each test works in a throwaway schema of its own and drops it.
if [ -z "${HOST_RUNNER_TEST_PG:-}" ] && ! pg_isready -h 127.0.0.1 -q 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && [ -d /etc/postgresql ]; then
    echo "scripts/test.sh: starting PostgreSQL for the cluster tests" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  else
    echo "scripts/test.sh: the cluster tests need PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres)" >&2
    echo "  start it: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
    echo "  or point HOST_RUNNER_TEST_PG at another server's URL" >&2
    exit 2
  fi
fi

exec cargo test --workspace --all-targets "$@"
