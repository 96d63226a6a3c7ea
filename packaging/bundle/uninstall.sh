#!/bin/sh
# Remove what install.sh installed for the current user. Your data folder (prospects,
# touches, backups) is kept; the message at the end says where it is.
set -eu

APP_ID="io.github.followup_desktop.FollowUpDesktop"
BIN_DIR="$HOME/.local/bin"
LIB_DIR="$HOME/.local/lib/followup-desktop"
DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"

# The whole script runs from this function, read in full before anything is removed:
# the copy of this script inside $LIB_DIR goes with it.
uninstall() {
  if [ -L "$BIN_DIR/followup-desktop" ] || [ -f "$BIN_DIR/followup-desktop" ]; then
    rm -f "$BIN_DIR/followup-desktop"
  fi
  rm -f "$DATA_DIR/applications/$APP_ID.desktop" "$DATA_DIR/metainfo/$APP_ID.metainfo.xml"
  rm -f "$DATA_DIR"/icons/hicolor/*/apps/"$APP_ID".png "$DATA_DIR"/icons/hicolor/*/apps/"$APP_ID".svg
  # An autostart entry made in Preferences would start a program that is gone.
  rm -f "${XDG_CONFIG_HOME:-$HOME/.config}/autostart/$APP_ID.desktop"
  rm -rf "$LIB_DIR"
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA_DIR/applications" 2>/dev/null || true
  fi
  echo "FollowUp Desktop is removed. Your data is kept in ${XDG_DATA_HOME:-$HOME/.local/share}/followup-desktop (unless you chose another folder)."
  exit 0
}
uninstall
