#!/usr/bin/env bash
# Renders every tab of the workbench with real data from the LGPS example into docs/images/ (about 15 minutes on
# 2 cores): the ScreenshotTour test under Xvfb with JavaFX's OpenGL pipeline (Mesa's software renderer draws the 3D
# view; -Dprism.forceGPU=true makes JavaFX accept it). Needs xvfb, libgl1-mesa-dri, libgtk-3-0 and ../shared.
#   docs/make-screenshots.sh            English
#   KISEKI_LANGUAGE=ja docs/make-screenshots.sh docs/images/ja    Japanese (needs a CJK font, e.g. fonts-ipafont)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$(cd "$here" && mkdir -p "${1:-docs/images}" && cd "${1:-docs/images}" && pwd)"
cd "$here"
xvfb-run -a -s "-screen 0 1600x1000x24" ./mvnw -q -B -pl app -am test -Dtest=ScreenshotTour \
  -Dsurefire.failIfNoSpecifiedTests=false -Dkiseki.screenshots="$out" -Dkiseki.language="${KISEKI_LANGUAGE:-en}" \
  "-Dsurefire.argLine=-Xmx6g -Dprism.order=es2 -Dprism.forceGPU=true -Dkiseki.screenshots=$out -Dkiseki.language=${KISEKI_LANGUAGE:-en} --enable-native-access=ALL-UNNAMED"
ls -l "$out"/*.png
