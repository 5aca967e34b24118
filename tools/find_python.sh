#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains what to do and exits 1.
# Rasa 3.6 runs on Python 3.8-3.10 only; we standardise on 3.10.
set -u

is_py310() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.10)
# pyenv installs 3.10 next to the default version; its shim only runs it when selected.
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10*/bin/python3.10; do candidates+=("$p"); done
fi
candidates+=(/usr/local/bin/python3.10 /usr/bin/python3.10 python3 python)

for c in "${candidates[@]}"; do
  if is_py310 "$c"; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
  if [ -n "${PYTHON:-}" ] && [ "$c" = "$PYTHON" ]; then
    echo "PYTHON=$PYTHON is not Python 3.10." >&2
    exit 1
  fi
done

cat >&2 <<'EOF'
No Python 3.10 found. Rasa 3.6 needs Python 3.8-3.10 and does not run on 3.11 or newer.
Install Python 3.10 (for example: pyenv install 3.10.13) and run again,
or point to one: make run PYTHON=/path/to/python3.10
EOF
exit 1
