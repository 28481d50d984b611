#!/usr/bin/env bash
# Install the npm packages the browser tests need into var/npm/ (project-local, ignored by
# git): axe-core, injected into each page to check its accessibility, and oidc-provider,
# the OpenID Connect provider the ProConnect login is tested against (run with Node 20).
# Versions are exact; no lock file is written (it would record registry addresses). Skips when up to date;
# without npm, says so (the tests that need it are then skipped, or fail in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(axe-core@4.14.1 oidc-provider@9.13.3)
DEST=var/npm
STAMP="$DEST/.installed"
WANTED="${PACKAGES[*]}"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm manque : installez Node.js 20 (sudo apt-get install nodejs npm) pour les tests d'accessibilité." >&2
  exit 0
fi
mkdir -p "$DEST"
echo "Installation des paquets npm des tests dans $DEST : $WANTED"
npm install --prefix "$DEST" --no-package-lock --no-save --no-audit --no-fund --silent "${PACKAGES[@]}"
echo "$WANTED" > "$STAMP"
