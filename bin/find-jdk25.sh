# Sourced (not executed) by mvnw, bin/basalt and .ci/run: makes JAVA_HOME point at a JDK 25+.
# Keeps JAVA_HOME when it already is one; otherwise looks in /usr/lib/jvm and /opt (newest first).
# Leaves JAVA_HOME alone when nothing is found, so the caller can report it.

basalt_java_major() { # $1 = a JDK home; prints its feature version, or nothing
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

basalt_find_jdk25() {
  local major candidate
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(basalt_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      return 0
    fi
  fi
  local candidates noglob=
  case $- in *f*) noglob=1 && set +f ;; esac # callers such as mvnw run with globbing off
  candidates=$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /opt/*jdk*25* 2>/dev/null | sort -r)
  [ -z "$noglob" ] || set -f
  for candidate in $candidates; do
    major=$(basalt_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      if [ -n "${JAVA_HOME:-}" ]; then
        echo "basalt: JAVA_HOME=$JAVA_HOME is not a JDK 25; using $candidate" >&2
      fi
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  return 1
}

basalt_find_jdk25 || true
