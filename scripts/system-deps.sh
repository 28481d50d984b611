#!/usr/bin/env bash
# Install the Debian packages the test suite needs (PostgreSQL server, Chromium,
# poppler-utils, LibreOffice Calc, Java, Node.js and npm for the accessibility checks)
# when they are missing and we are root.
# Prints what it does; never fails the build when nothing is missing.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
pg_ok() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || have initdb; }
pg_ok || need+=(postgresql)
have chromium || need+=(chromium)
have pdftoppm || need+=(poppler-utils)
have soffice || have libreoffice || need+=(libreoffice-calc-nogui)
have java || need+=(default-jre-headless)
have npm || need+=(nodejs npm)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Paquets Debian manquants : ${need[*]}" >&2
  echo "Installez-les (sudo apt-get install ${need[*]}) ; les tests qui en ont besoin échoueront en CI." >&2
  exit 0
fi
echo "Installation des paquets Debian manquants : ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
