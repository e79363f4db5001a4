#!/usr/bin/env bash
# Builds a Kiseki application image (default) or installer with jpackage. Usage: installer/package.sh [--type TYPE]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
. "$root/.mvn/select-jdk.sh"
type="app-image"
if [ "${1:-}" = "--type" ] && [ -n "${2:-}" ]; then type="$2"; fi

(cd "$root" && ./mvnw -q -B -DskipTests package)
app_jar=$(ls "$root"/app/target/kiseki-app-*.jar | grep -v -e sources -e tests | head -n 1)
input="$here/target/input"
rm -rf "$here/target"
mkdir -p "$input"
cp "$app_jar" "$input/"
# JavaFX goes on the module path of the bundled runtime; everything else on the class path
for jar in "$root"/app/target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*) ;;
    *) cp "$jar" "$input/" ;;
  esac
done
fx_mods=$(ls "$root"/app/target/lib/javafx-*.jar | grep -E '/javafx-[a-z]+-[0-9][^-]*-[^/]+\.jar$' | tr '\n' ':')
version=$(basename "$app_jar" | sed -e 's/^kiseki-app-//' -e 's/\.jar$//' -e 's/-SNAPSHOT//')
"$JAVA_HOME/bin/jpackage" --type "$type" --name Kiseki --app-version "$version" \
  --vendor "Kiseki" --description "Workbench for neural-network force fields" \
  --input "$input" --main-jar "$(basename "$app_jar")" --main-class kiseki.app.KisekiApp \
  --module-path "$fx_mods" --add-modules javafx.controls,java.logging,java.naming,java.sql,jdk.unsupported \
  --java-options "--enable-native-access=javafx.graphics" \
  --dest "$here/target"
echo "Built $type in $here/target"
