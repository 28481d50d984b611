#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain what to do and fail.
# pyenv shims answer "command not found" for versions that are installed but not
# selected, so every candidate is asked to run, not merely looked up.
set -u
is_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=("${PYTHON:-}" python3.13 python3.12 python3)
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin /usr/local/bin /usr/bin; do
  for exe in "$dir"/python3.1[2-9]; do [ -x "$exe" ] && candidates+=("$exe"); done
done
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  if is_ok "$c"; then command -v "$c"; exit 0; fi
done
echo "perfml a besoin de Python 3.12 ou plus récent, introuvable sur cette machine." >&2
echo "Installez-le (par exemple « apt-get install python3.12 » ou « pyenv install 3.12 »)," >&2
echo "ou indiquez son chemin : make PYTHON=/chemin/vers/python3.12 demo" >&2
exit 1
