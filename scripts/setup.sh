#!/usr/bin/env bash
# Installs whatever Switchyard needs and is missing; idempotent and fast when
# everything is already there. Used by `npm start`, `npm test` and .ci/run.
#   bash scripts/setup.sh              npm packages + Temporal CLI
#   bash scripts/setup.sh --test       ... and stripe-mock and a running PostgreSQL for the tests
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools/bin"
TEMPORAL_VERSION=v1.5.1 # newest release `go install` accepts (later ones carry a replace directive)
STRIPE_MOCK_VERSION=v0.203.0 # the official Stripe API mock; Stripe calls are checked against it
mkdir -p "$TOOLS"

log() { printf '[setup] %s\n' "$*" >&2; }

# --- npm packages -----------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  # npm ci would be stricter, but some registries lack the other platforms' optional
  # binaries (@swc/core-*), which leaves them out of the lock file and makes ci refuse;
  # install honours the pinned versions in package.json and the lock file just the same.
  npm install --no-audit --no-fund >&2
fi

# --- Temporal CLI (dev server + Web UI) -------------------------------------
have_temporal() {
  command -v temporal >/dev/null 2>&1 && return 0
  [ -n "${TEMPORAL_CLI:-}" ] && [ -x "${TEMPORAL_CLI}" ] && return 0
  [ -x "$TOOLS/temporal" ] && return 0
  return 1
}
if ! have_temporal; then
  if ! command -v go >/dev/null 2>&1; then
    log "Go is needed to build the Temporal CLI; installing golang from Debian packages"
    apt-get update -qq && apt-get install -y -qq golang >&2
  fi
  log "building the Temporal CLI $TEMPORAL_VERSION into .tools/bin (a few minutes, once)"
  GOBIN="$TOOLS" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION" >&2
fi

# --- for the tests: stripe-mock and PostgreSQL --------------------------------
if [ "${1:-}" = "--test" ]; then
  if ! command -v stripe-mock >/dev/null 2>&1 && [ ! -x "$TOOLS/stripe-mock" ]; then
    log "building stripe-mock $STRIPE_MOCK_VERSION into .tools/bin (once)"
    GOBIN="$TOOLS" GOFLAGS=-buildvcs=false go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >&2
  fi
  bash scripts/postgres.sh >&2
fi
# --- the workflow bundle, built ahead of time (keyed by the workflow sources) --
node --import tsx temporal/workflow-bundle.ts >/dev/null

log "ready"
