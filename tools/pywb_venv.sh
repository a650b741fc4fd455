#!/usr/bin/env bash
# pywb for the backfill tests (tests/helpers/webarchive.py), in its own venv: pywb pins old libraries
# (redis<3, fakeredis, gevent) that the project's venv cannot hold beside scrapy-redis.  Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${PYWB_VENV:-.venv-pywb}"
if [ ! -x "$venv/bin/wayback" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q pywb
fi
"$venv/bin/wayback" --version
