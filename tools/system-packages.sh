#!/usr/bin/env bash
# Installs the Debian packages that ship the real audio material and the MIDI synthesiser,
# SoX with the CAPS LADSPA plugins (effects nobody here tuned, for `make capture-check`),
# the headless browser that plays the listening pages in tests/test_listening_page.py, and
# the compiler, CMake and Eigen that build Neural Amp Modeler's engine (tests/test_nam.py).
# As root on Debian/Ubuntu it installs what is missing; otherwise it prints the command.
set -euo pipefail
PACKAGES=(sonic-pi-samples fluid-soundfont-gm libfluidsynth3 libsndfile1 sox caps g++ cmake libeigen3-dev)
# Debian calls the browser chromium; Ubuntu only has chromium-browser. One already on PATH
# (a snap, say) will do.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    if ! apt-cache show chromium >/dev/null 2>&1 && apt-cache show chromium-browser >/dev/null 2>&1
    then
        PACKAGES+=(chromium-browser)
    else
        PACKAGES+=(chromium)
    fi
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "dsp_paper: not a Debian/Ubuntu system. Install the equivalents of: ${PACKAGES[*]}" >&2
    echo "  (sonic-pi's sample folder, the FluidR3_GM soundfont, libfluidsynth, libsndfile," >&2
    echo "  a Chromium browser)" >&2
    exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "dsp_paper: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "dsp_paper: real audio material (and the listening-page test) needs these Debian packages; run:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
fi
