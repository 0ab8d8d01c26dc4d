# Sourced by scripts that need a running emulator.
#   start_emulator BIN WORKDIR [serve options...]   → sets $port and $emulator_pid; stop_emulator stops it.
start_emulator() {
  local bin="$1" work="$2"
  shift 2
  "$bin" serve --port 0 --db "$work/emulator.sqlite" "$@" 2>"$work/serve.log" &
  emulator_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/client/v4.*|\1|p' "$work/serve.log")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat "$work/serve.log" >&2
  echo "the emulator did not start" >&2
  return 1
}

stop_emulator() {
  if [ -n "${emulator_pid:-}" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
}
