#!/bin/sh
# Install FollowUp Desktop for the current user, from the folder this script is in:
#   the program in ~/.local/lib/followup-desktop, the command ~/.local/bin/followup-desktop,
#   the menu entry, the AppStream metainfo and the icons under ~/.local/share
#   ($XDG_DATA_HOME when set). Running it again updates an earlier installation.
# Your prospects are not touched: they live in the data folder (see the README).
set -eu

APP_ID="io.github.followup_desktop.FollowUpDesktop"
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN_DIR="$HOME/.local/bin"
LIB_DIR="$HOME/.local/lib/followup-desktop"
DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"

if [ ! -x "$HERE/followup-desktop/followup-desktop" ]; then
  echo "install.sh: run it from the unpacked folder (followup-desktop/ is missing)" >&2
  exit 1
fi

mkdir -p "$BIN_DIR" "$HOME/.local/lib" "$DATA_DIR/applications" "$DATA_DIR/metainfo"
# The new program is copied beside the old one, then swapped in.
rm -rf "$LIB_DIR.new"
cp -R "$HERE/followup-desktop" "$LIB_DIR.new"
cp "$HERE/uninstall.sh" "$LIB_DIR.new/uninstall.sh"
rm -rf "$LIB_DIR"
mv "$LIB_DIR.new" "$LIB_DIR"
ln -sf "$LIB_DIR/followup-desktop" "$BIN_DIR/followup-desktop"

# The menu entry starts the program by its full path: ~/.local/bin is not on every
# desktop session's PATH.
sed "s|^Exec=followup-desktop|Exec=$BIN_DIR/followup-desktop|" \
  "$HERE/share/applications/$APP_ID.desktop" >"$DATA_DIR/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA_DIR/metainfo/"
for icon in "$HERE"/share/icons/hicolor/*/apps/"$APP_ID".*; do
  size="$(basename "$(dirname "$(dirname "$icon")")")"
  mkdir -p "$DATA_DIR/icons/hicolor/$size/apps"
  cp "$icon" "$DATA_DIR/icons/hicolor/$size/apps/"
done

# Let menus and the icon theme see the new files now rather than at the next login.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$DATA_DIR/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA_DIR/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$DATA_DIR/icons/hicolor" 2>/dev/null || true
fi

echo "FollowUp Desktop is installed: find it in your applications menu, or run $BIN_DIR/followup-desktop"
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) echo "($BIN_DIR is not on your PATH: add it to run followup-desktop by name.)" ;;
esac
echo "To remove it: $LIB_DIR/uninstall.sh"
