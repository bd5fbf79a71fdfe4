#!/bin/sh
# Debian/Ubuntu system packages the kiosk's X11 window, the display tests and the Syncthing test need,
# and (icupkg, gcc, nm) what make bundle needs for its smaller ICU data (tools/bundle/icu_subset.py).
# Installs the missing ones only when run as root with apt-get; otherwise says what is missing.
# Never fails the build: without them the display tests skip and the bundle keeps the full ICU data
# (32 MB), and each says why.
PACKAGES="xvfb xdotool x11-utils openbox espeak-ng speech-dispatcher speech-dispatcher-espeak-ng libpulse0 syncthing
libxcb1 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
icu-devtools gcc binutils"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian-like system; install by hand: $(echo $PACKAGES)"
    exit 0
fi
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "system-deps: all present"
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends $missing >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $missing >/dev/null; } \
        || echo "system-deps: apt-get could not install$missing (the display tests will skip)"
else
    echo "system-deps: missing$missing"
    echo "  install them with: sudo apt-get install$missing"
    echo "  (without them the display tests skip and say so; the kiosk window needs the lib* ones)"
fi
exit 0
