# Sourced by scripts/serve and scripts/test: make sure .venv exists and runs Python 3.11 or later
# (pyproject.toml's requires-python). A .venv made by an older Python is rebuilt; an older python3 is refused.
#   usage: ensure_venv NAME     (NAME prefixes the messages)
D5SITE_MIN_PYTHON="3.11"

_python_ok() {  # $1: a python executable; true when it is at least D5SITE_MIN_PYTHON
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null
}

ensure_venv() {
  local name="$1"
  if [ -x .venv/bin/python ] && ! _python_ok .venv/bin/python; then
    printf '%s: .venv runs %s, older than Python %s: rebuilding it\n' "$name" "$(.venv/bin/python -V 2>&1)" "$D5SITE_MIN_PYTHON" >&2
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! command -v python3 >/dev/null 2>&1; then
      printf '%s: d5site needs Python %s or later, and there is no python3 on PATH\n' "$name" "$D5SITE_MIN_PYTHON" >&2
      exit 1
    fi
    if ! _python_ok python3; then
      printf '%s: d5site needs Python %s or later; python3 is %s. Install a newer Python (or put it first on PATH as python3)\n' \
        "$name" "$D5SITE_MIN_PYTHON" "$(python3 -V 2>&1)" >&2
      exit 1
    fi
    printf '%s: creating .venv\n' "$name" >&2
    python3 -m venv .venv
  fi
}
