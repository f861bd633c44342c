# Sourced by deploy/local/up, down, demo and token: picks a JDK 21+, builds what is missing, runs the launcher.
# shellcheck shell=bash

CALLVAULT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$CALLVAULT_ROOT"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

pick_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(pick_jdk); then
  echo "No JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm/*): install one." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

LOCAL_TARGET="deploy/local/target"

launcher_missing() {
  [ -f "$LOCAL_TARGET/classes/dev/callvault/local/launcher/Main.class" ] && [ -f "$LOCAL_TARGET/classpath.txt" ] \
    && [ -f "$LOCAL_TARGET/infra/s3proxy.jar" ] && [ -d "$LOCAL_TARGET/infra/kafka-logging" ] && return 1
  return 0
}

# Modules whose executable jar is missing. Modules that are still placeholders (packaging pom) are left out.
services_missing() {
  local module
  for module in ingest-service fetch-worker storage-service playback-service audit-service media-worker dashboard; do
    grep -q '<packaging>pom</packaging>' "$module/pom.xml" 2>/dev/null && continue
    compgen -G "$module/target/callvault-$module-*-exec.jar" >/dev/null || echo "$module"
  done
}

# build [services|all]: packages (tests skipped) what is missing: the launcher, and with "services" the services whose
# jar is missing; with "all" every module. The three core services must build; playback-service, audit-service,
# media-worker and the dashboard are optional: if one does not build, the stack starts without it.
build() {
  local required=() optional=() module
  if [ "${1:-}" = all ]; then
    required=(deploy/local ingest-service fetch-worker storage-service)
    optional=(playback-service audit-service media-worker dashboard)
  else
    launcher_missing && required+=(deploy/local)
    if [ "${1:-}" = services ]; then
      while read -r module; do
        case "$module" in
          playback-service|audit-service|media-worker|dashboard) optional+=("$module") ;;
          ?*) required+=("$module") ;;
        esac
      done < <(services_missing)
    fi
  fi
  if [ ${#required[@]} -gt 0 ]; then
    local list; list=$(IFS=,; echo "${required[*]}")
    echo "Building $list (tests skipped)..."
    ./mvnw -B -q -ntp -DskipTests package -pl "$list" -am
  fi
  for module in "${optional[@]}"; do
    echo "Building $module (tests skipped)..."
    ./mvnw -B -q -ntp -DskipTests package -pl "$module" -am \
      || echo "$module did not build; the stack starts without it." >&2
  done
}

launcher_classpath() {
  echo "$CALLVAULT_ROOT/$LOCAL_TARGET/classes:$(cat "$LOCAL_TARGET/classpath.txt")"
}

# run_launcher <command> [args]: runs dev.callvault.local.launcher.Main in the foreground.
run_launcher() {
  java -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dslf4j.internal.verbosity=ERROR -cp "$(launcher_classpath)" \
    dev.callvault.local.launcher.Main "$@"
}
