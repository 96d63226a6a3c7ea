# Shared set-up for scripts/run-app and scripts/run-tests (sourced, not run).
# Installs the Debian packages Qt needs when they are missing, then creates the
# project's own virtual environment in .venv and installs the project into it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${FOLLOWUP_VENV:-$ROOT/.venv}"

# Qt's runtime libraries for a real screen (xcb) and for offscreen use, and fonts
# (DejaVu for Latin, Greek and Cyrillic; WenQuanYi Micro Hei for Chinese, Japanese, Korean).
QT_DEBS=(libglib2.0-0 libegl1 libgl1 libdbus-1-3 libfontconfig1 libxkbcommon0
  fonts-dejavu-core fonts-wqy-microhei libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1
  libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libx11-xcb1)
# What the tests use besides: PDF read-back, packaging validators, a virtual X server,
# a tray host (trayer), a private D-Bus session, a notification server (dunst), and
# the AT-SPI registry with the system Python's pyatspi for the screen-reader test,
# and gettext's msgfmt to check the translation catalogues.
TEST_DEBS=(poppler-utils desktop-file-utils appstream xvfb xauth trayer dbus-daemon dbus-bin dunst
  at-spi2-core python3-pyatspi gettext)

ensure_debian_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Not a Debian system: make sure Qt 6's system libraries are installed ($*)." >&2
    return 0
  fi
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "These Debian packages are missing and installing them needs root: ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "FollowUp Desktop needs Python 3.11 or newer; none was found on PATH." >&2
  exit 1
}

# ensure_venv EXTRAS: create .venv if needed and (re)install the project when
# pyproject.toml changed since the last install.
ensure_venv() {
  local extras="${1:-}" py stamp spec
  if [ ! -x "$VENV/bin/python" ]; then
    py="$(find_python)"
    if ! "$py" -c 'import ensurepip' 2>/dev/null; then
      ensure_debian_packages python3-venv
    fi
    echo "Creating the virtual environment in $VENV"
    "$py" -m venv "$VENV"
  fi
  stamp="$VENV/.followup-installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)${extras:+-$extras}"
  if [ ! -f "$stamp" ]; then
    spec="$ROOT"
    [ -n "$extras" ] && spec="$ROOT[$extras]"
    echo "Installing FollowUp Desktop and its dependencies into $VENV"
    # pip and the build backend print warnings (setuptools frames its deprecation
    # notices in "!!" lines) that read like errors on a first run: keep their output
    # in a log, and show it only when the installation fails.
    local log="$VENV/pip-install.log"
    if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
      "$VENV/bin/python" -m pip install -q -e "$spec"; } >"$log" 2>&1; then
      cat "$log" >&2
      echo "Installing FollowUp Desktop failed; the output above is also in $log" >&2
      exit 1
    fi
    touch "$stamp"
  fi
}
