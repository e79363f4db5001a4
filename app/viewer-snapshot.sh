#!/usr/bin/env bash
# Renders a structure file with the workbench's 3D viewer and saves it as PNG (documentation screenshots).
#   app/viewer-snapshot.sh STRUCTURE OUT.png [--size 1200x800] [--repeat 2x2x1] [--select ATOM] [--rotate DX,DY]
#                          [--time-updates FRAMES]
# Needs OpenGL. Without a display (DISPLAY unset) it runs under Xvfb with Mesa's software OpenGL (llvmpipe);
# Debian/Ubuntu packages: xvfb libgl1 libgl1-mesa-dri libgtk-3-0. JavaFX rejects llvmpipe unless
# -Dprism.forceGPU=true is given, which this script does.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$here/.mvn/select-jdk.sh"
(cd "$here" && ./mvnw -q -B -pl app -am package -DskipTests) >&2
lib="$here/app/target/lib"
app_jar=$(ls "$here"/app/target/kiseki-app-*.jar | grep -v -e sources -e tests | head -n 1)
fx_path=$(ls "$lib"/javafx-*.jar | grep -E '/javafx-[a-z]+-[0-9][^-]*-[^/]+\.jar$' | tr '\n' ':')
cp="$app_jar:$(ls "$lib"/*.jar | grep -v '/javafx-' | tr '\n' ':')"
opts=(-Dprism.order=es2 -Dprism.forceGPU=true --enable-native-access=javafx.graphics)
[ "$(kiseki_java_major "$JAVA_HOME")" -ge 23 ] && opts+=(--sun-misc-unsafe-memory-access=allow)
cmd=("$JAVA_HOME/bin/java" "${opts[@]}" --module-path "$fx_path" --add-modules javafx.controls -cp "$cp"
  kiseki.app.viewer.ViewerSnapshot "$@")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "${cmd[@]}"
fi
exec "${cmd[@]}"
