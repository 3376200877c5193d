#!/usr/bin/env bash
# Installs what the browser tests (tests/browser) need and Playwright cannot download here:
#   - Debian's Chromium (/usr/bin/chromium), driven by Playwright for Python with executable_path;
#   - poppler-utils (pdftotext), to read the text of the journey map printed to PDF;
#   - axe-core and mermaid from the npm registry, pinned in package.json/package-lock.json, into
#     node_modules/ (axe-core is injected into pages; mermaid parses the diagrams `journeymaps mermaid`
#     and `journeymaps diff` write).
# Idempotent and quiet: it does nothing when everything is already there. On CI it runs as root;
# elsewhere it uses sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages for the browser tests: ${missing[*]}..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/mermaid/dist/mermaid.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed to install axe-core and mermaid for the browser tests (apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "Installing axe-core and mermaid (package-lock.json) into node_modules/..."
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
