#!/usr/bin/env bash
# The services, their ports and databases, and how to start and stop one under its supervisor: one
# place for start.sh, stop.sh, the chaos suite (infra/chaos) and their tests. Sourced after
# infra/local/lib.sh.
#
# To add a service: add it to SERVICES and SERVICE_PORT; SERVICE_DB only if it has a database;
# SERVICE_ENTRY only if its entry point is not services/<name>/src/server.ts.
SERVICES=(intake dv-referral legal-aid elder-care case-timeline)
declare -A SERVICE_PORT=([intake]=4101 [dv-referral]=4102 [legal-aid]=4103 [elder-care]=4104 [case-timeline]=4105)
declare -A SERVICE_DB=([intake]=linkage_intake [dv-referral]=linkage_dv_referral [legal-aid]=linkage_legal_aid [elder-care]=linkage_elder_care [case-timeline]=linkage_case_timeline)
declare -A SERVICE_ENTRY=()
# The web console (services/console): the front door of npm start, a backend-for-frontend in front of
# the services above (not in SERVICES: it has no database and no topics).
CONSOLE_PORT=4100
SERVICE_ENTRY[console]=services/console/src/server/main.ts
# LINKAGE_PORT_OFFSET moves every service port (e.g. 20000 ⇒ 24101…), to run a second stack beside the first.
for _svc in "${!SERVICE_PORT[@]}"; do SERVICE_PORT[$_svc]=$((SERVICE_PORT[$_svc] + ${LINKAGE_PORT_OFFSET:-0})); done
CONSOLE_PORT=$((CONSOLE_PORT + ${LINKAGE_PORT_OFFSET:-0}))
unset _svc

RUN_DIR="$LINKAGE_STATE/run"

# pid_is PIDFILE PATTERN: the pid file names a live process whose command line contains PATTERN
# (a pid reused by an unrelated process is never signalled).
pid_is() {
  pid_alive "$1" || return 1
  tr '\0' ' ' <"/proc/$(cat "$1")/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# terminate PID SECONDS: SIGTERM, wait up to SECONDS, then SIGKILL and wait for it to go.
terminate() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "pid $pid did not stop within $2 s; SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

# start_service NAME PORT [DATABASE_URL] [ENTRY]: run the service under infra/scripts/supervise.ts as
# `node --import tsx <entry>` (so $RUN_DIR/NAME.pid is the service's own process), logging to
# $RUN_DIR/NAME.log; other settings come from the environment. Returns once the pid file exists.
# NAME may be an instance name (intake-2) when ENTRY is given.
start_service() {
  local name=$1 port=$2 db_url=${3:-} entry=${4:-${SERVICE_ENTRY[$1]:-services/$1/src/server.ts}} i
  mkdir -p "$RUN_DIR"
  if pid_is "$RUN_DIR/$name.supervisor.pid" supervise.ts; then log "$name already running (service pid $(cat "$RUN_DIR/$name.pid" 2>/dev/null || echo '-'), supervisor pid $(cat "$RUN_DIR/$name.supervisor.pid"))"; return 0; fi
  if pid_alive "$RUN_DIR/$name.pid"; then log "$name is running without a supervisor; stopping it to start it supervised"; stop_service "$name"; fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.supervisor.pid"
  local -a env_args=("PORT=$port")
  [ -n "$db_url" ] && env_args+=("DATABASE_URL=$db_url")
  # --max-semi-space-size=64: V8's young generation up to 64 MB a semi-space (default 16), fewer scavenges (see
  # infra/k8s/src/manifests.ts). exec: the background subshell becomes the supervisor. Without it that subshell waited for the supervisor
  # with the caller's stdout and stderr open, so a caller reading them (execFile) waited as long as the service ran.
  (cd "$LINKAGE_ROOT" && exec env "${env_args[@]}" nohup node --import tsx infra/scripts/supervise.ts --name "$name" --run-dir "$RUN_DIR" \
    -- node --max-semi-space-size=64 --import tsx "$entry" </dev/null >>"$RUN_DIR/$name.log" 2>&1 &)
  for ((i = 0; i < 300; i++)); do [ -s "$RUN_DIR/$name.pid" ] && return 0; sleep 0.1; done
  tail -20 "$RUN_DIR/$name.log" >&2
  die "$name: its supervisor did not start it within 30 s (log: $RUN_DIR/$name.log)"
}

# stop_service NAME: the supervisor first (it stops its service, so nothing restarts it), then the
# service itself if it is still there (SIGTERM, bounded wait, SIGKILL).
stop_service() {
  local name=$1 stopped=0
  if pid_is "$RUN_DIR/$name.supervisor.pid" supervise.ts; then terminate "$(cat "$RUN_DIR/$name.supervisor.pid")" 20; stopped=1; fi
  if pid_is "$RUN_DIR/$name.pid" "--import tsx"; then terminate "$(cat "$RUN_DIR/$name.pid")" 15; stopped=1; fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.supervisor.pid"
  [ "$stopped" = 1 ] && log "$name stopped"
  return 0
}

# port_listener PORT: prints "pid command" of what listens on 127.0.0.1:PORT (nothing if free).
port_listener() {
  local p
  p=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  [ -z "$p" ] || echo "$p $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null || true)"
}
