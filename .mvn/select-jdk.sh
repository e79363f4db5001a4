# Sourced by ./mvnw and ./kiseki: make sure JAVA_HOME points at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise tries `java` on PATH, then common install folders.
kiseki_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
kiseki_jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v=$(kiseki_java_major "$1")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}
if [ -z "${JAVA_HOME:-}" ] || ! kiseki_jdk_ok "$JAVA_HOME"; then
  kiseki_found=""
  if command -v javac >/dev/null 2>&1; then
    kiseki_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    kiseki_jdk_ok "$kiseki_candidate" && kiseki_found=$kiseki_candidate
  fi
  if [ -z "$kiseki_found" ]; then
    for kiseki_candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
      if kiseki_jdk_ok "$kiseki_candidate"; then
        # prefer the newest
        if [ -z "$kiseki_found" ] || [ "$(kiseki_java_major "$kiseki_candidate")" -gt "$(kiseki_java_major "$kiseki_found")" ]; then
          kiseki_found=$kiseki_candidate
        fi
      fi
    done
  fi
  if [ -n "$kiseki_found" ]; then
    export JAVA_HOME="$kiseki_found"
  else
    echo "Kiseki needs a JDK 21 or newer. Install one (e.g. Temurin 21) and set JAVA_HOME to it." >&2
    exit 1
  fi
fi
