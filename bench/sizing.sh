# bench/sizing.sh: the sizing mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run sizing  memory of the bare hop and of ogem (in-memory state), one after the other, both with
#                     SIZING_JVM_FLAGS (default: the launcher's flags): peak RSS under c=64 streams of 10
#                     events (wrk, SIZING_SECONDS; SIZING_ROUNDS=3 rounds, the hop and ogem alternating, the
#                     median reported: how much of it reaches the old generation varies from run to run),
#                     then SIZING_STREAMS ("100 1000 5000") concurrent streams
#                     held open (each SIZING_CHUNKS=10 events SIZING_GAP_MS=1000 ms apart, a finished stream
#                     replaced at once) for SIZING_SECONDS (60) each. Every step runs on a freshly started gateway
#                     (a JVM keeps the memory it touched, so a step after another would report the larger one's
#                     peak); the table says how many streams completed and failed. Per step: the largest RSS sampled every
#                     second until 4 s before its end and then, the load still on, the heap live after a full GC,
#                     the heap committed and the open files (streams really held: two files each). With
#                     SIZING_NMT=1 ogem also runs with -XX:NativeMemoryTracking=summary and its summary
#                     at that moment lands in out/sizing-nmt-<step>.txt (NMT costs memory itself).
#
# Pinning as bench/run (gateway on CPU 1, upstream and clients on CPU 0). Results: out/sizing-table.txt.

SIZING_STREAMS=${SIZING_STREAMS:-100 1000 5000}
# 60 s: with a heap capped for the load (-Xmx160m at 1,000 streams) a step then runs several full collections
# and shows the steady state; an uncapped heap keeps growing towards -Xmx for longer (bench/RESULTS.md, 2026-12-04)
SIZING_SECONDS=${SIZING_SECONDS:-60}
SIZING_ROUNDS=${SIZING_ROUNDS:-3}
SIZING_CHUNKS=${SIZING_CHUNKS:-10}
SIZING_GAP_MS=${SIZING_GAP_MS:-1000}
read -r -a SIZING_FLAGS <<< "${SIZING_JVM_FLAGS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# sizing_step TARGET PID LABEL CMD...: runs CMD (a load of SIZING_SECONDS) in the background and samples the
# gateway's RSS every second; 4 s before the load ends, while it still holds its streams open, forces a full GC
# and records the heap left (live), the heap committed, open files (two per stream: client and upstream side)
# and a class histogram (out/sizing-histo-TARGET-LABEL.txt). The peak is the largest RSS before that full GC:
# a full collection under load moves every connection's current read buffer into the old generation, where
# Helidon 4.5 chains all that connection reads next to it (bench/RESULTS.md), so what follows it is not the
# gateway's own behaviour. Results in S[TARGET.LABEL.*].
sizing_step() {
  local target=$1 pid=$2 label=$3 load peak=0 rss start snapped=0
  shift 3
  "$@" >> "$OUT/sizing-load.log" 2>&1 &
  load=$!
  start=$(date +%s)
  while kill -0 "$load" 2>/dev/null; do
    if [ "$snapped" = 0 ]; then rss=$(rss_kib "$pid"); [ "$rss" -gt "$peak" ] && peak=$rss; fi
    if [ "$snapped" = 0 ] && [ $(( $(date +%s) - start )) -ge $(( SIZING_SECONDS - 4 )) ]; then
      snapped=1
      S[$target.$label.fds]=$(find "/proc/$pid/fd" -mindepth 1 2>/dev/null | wc -l)
      S[$target.$label.heap]=$(( $(heap_used_kib "$pid") / 1024 ))
      S[$target.$label.committed]=$(jcmd "$pid" GC.heap_info | grep -oE 'total [0-9]+K' | awk '{s += $2 + 0} END {printf "%.0f", s / 1024}')
      jcmd "$pid" GC.class_histogram 2>/dev/null | head -25 > "$OUT/sizing-histo-$target-$label.txt" || true
      if [ "${SIZING_NMT:-0}" = 1 ] && [ "$target" = ogem ]; then
        jcmd "$pid" VM.native_memory summary > "$OUT/sizing-nmt-$label.txt" 2>&1 || true
      fi
    fi
    sleep 1
  done
  wait "$load" || true
  S[$target.$label.rss]=$(( peak / 1024 ))
  local kv
  for kv in $(grep '^RESULT' "$OUT/sizing-load.log" | tail -1); do
    case $kv in streams=*|failed=*) S[$target.$label.${kv%%=*}]=${kv#*=} ;; esac
  done
  S[$target.$label.threads]=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
  log "$target $label: peak RSS ${S[$target.$label.rss]} MiB; at the end: heap live ${S[$target.$label.heap]:-?} of ${S[$target.$label.committed]:-?} MiB committed, ${S[$target.$label.fds]:-?} open files; $(grep '^RESULT' "$OUT/sizing-load.log" | tail -1)"
}

# start_gateway TARGET -> GW (pid) and GW_URL: a fresh hop or ogem with SIZING_FLAGS, so that each step's peak RSS
# is its own and not what an earlier step left behind (a JVM keeps the memory it touched)
start_gateway() {
  local port
  port=$(free_port)
  if [ "$1" = hop ]; then
    taskset -c $GW_CPU java "${SIZING_FLAGS[@]}" -cp "$BENCH/hop/target/classes:$BENCH/hop/target/libs/*" \
      dev.ogem.bench.hop.Hop "$port" "http://127.0.0.1:$UP_PORT" >> "$OUT/hop.log" 2>&1 &
    GW=$!; PIDS+=("$GW")
    wait_http "http://127.0.0.1:$port/"
  else
    JVM_FLAGS=("${SIZING_FLAGS[@]}")
    OGEM_JVM_EXTRA="-Xlog:class+load=info:file=$OUT/ogem-classes.txt $([ "${SIZING_NMT:-0}" = 1 ] && echo "-XX:NativeMemoryTracking=summary")" \
      OGEM_LOG=$OUT/ogem-sizing.log start_ogem "$port"
    GW=$OGEM_PID
  fi
  GW_URL=http://127.0.0.1:$port
}

sizing_c64() {   # TARGET ROUND: c=64 streams on a fresh gateway -> S[TARGET.c64rROUND.*]
  local target=$1 round=$2
  start_gateway "$target"
  wrk_case "$target" warm64 "$GW_URL" 64 10 "$STREAM_BODY" >/dev/null 2>&1
  sizing_step "$target" "$GW" "c64r$round" env BODY_FILE="$STREAM_BODY" GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU \
    wrk -t1 -c64 -d"${SIZING_SECONDS}s" --timeout 10s -s "$BENCH/post.lua" "$GW_URL"
  stop "$GW"
}

sizing_held() {   # TARGET: each SIZING_STREAMS step on a fresh gateway
  local target=$1 n budget
  for n in $SIZING_STREAMS; do
    # ogem counts every request at least 16 KiB against MAX_REQUEST_BYTES_IN_FLIGHT (64 MiB: 4,096 at once) and
    # refuses the rest with a 429; a step above that raises it as an operator would (n x 20 KiB)
    budget=""; [ "$n" -gt 4096 ] && budget=$(( n * 20 * 1024 ))
    S[$target.s$n.budget]=$budget
    OGEM_BODY_BUDGET=$budget start_gateway "$target"
    sizing_step "$target" "$GW" "s$n" env GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU \
      node "$BENCH/streams.js" "$GW_URL/v1/chat/completions" "$n" "$SIZING_SECONDS" "$OUT/body-stream-held.json" 5000
    stop "$GW"
  done
}

sizing_mode() {
  declare -gA S
  prepare_gateway_mode
  stream_body "$SIZING_CHUNKS" "$SIZING_GAP_MS" > "$OUT/body-stream-held.json"
  : > "$OUT/sizing-load.log"

  : > "$OUT/hop.log"; : > "$OUT/ogem-sizing.log"
  local round target
  for round in $(seq "$SIZING_ROUNDS"); do
    sizing_c64 hop "$round"
    sizing_c64 ogem "$round"
  done
  for target in hop ogem; do
    S[$target.c64.rss]=$(for round in $(seq "$SIZING_ROUNDS"); do echo "${S[$target.c64r$round.rss]:--}"; done | median)
    S[$target.c64.rounds]=$(for round in $(seq "$SIZING_ROUNDS"); do printf '%s ' "${S[$target.c64r$round.rss]:--}"; done)
  done
  sizing_held hop
  sizing_held ogem
  S[ogem.classes]=$(grep -c 'class,load' "$OUT/ogem-classes.txt" || true)
  S[ogem.lettuce]=$(grep -c -E 'io\.lettuce|io\.netty' "$OUT/ogem-classes.txt" || true)
  sizing_table | tee "$OUT/sizing-table.txt"
}

sizing_table() {
  local n
  echo "ogem sizing  $STARTED  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE, OGEM_RUNTIME=$OGEM_RUNTIME)"
  echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); gateway on CPU $GW_CPU with ${SIZING_FLAGS[*]}"
  echo "held streams: $SIZING_CHUNKS events ${SIZING_GAP_MS} ms apart, ${SIZING_SECONDS}s per step; load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-34s %14s %14s %8s\n' "figure (MiB)" "hop" "ogem" "og/hop"
  srow() { printf '%-34s %14s %14s %8s\n' "$1" "$2" "$3" \
    "$(awk -v a="${4:-0}" -v b="${5:-0}" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')"; }
  srow "c=64 streams (wrk): peak RSS" "${S[hop.c64.rss]:-}" "${S[ogem.c64.rss]:-}" "${S[ogem.c64.rss]:-}" "${S[hop.c64.rss]:-}"
  echo "  each round: hop ${S[hop.c64.rounds]:-}, ogem ${S[ogem.c64.rounds]:-}(medians above)"
  srow "  round 1: heap live/committed, files" "${S[hop.c64r1.heap]:-}/${S[hop.c64r1.committed]:-}, ${S[hop.c64r1.fds]:-}" \
    "${S[ogem.c64r1.heap]:-}/${S[ogem.c64r1.committed]:-}, ${S[ogem.c64r1.fds]:-}" "" ""
  for n in $SIZING_STREAMS; do
    srow "$n streams held: peak RSS" "${S[hop.s$n.rss]:-}" "${S[ogem.s$n.rss]:-}" "${S[ogem.s$n.rss]:-}" "${S[hop.s$n.rss]:-}"
    srow "  heap live/committed, open files" "${S[hop.s$n.heap]:-}/${S[hop.s$n.committed]:-}, ${S[hop.s$n.fds]:-}" \
      "${S[ogem.s$n.heap]:-}/${S[ogem.s$n.committed]:-}, ${S[ogem.s$n.fds]:-}" "" ""
    srow "  streams completed/failed" "${S[hop.s$n.streams]:-}/${S[hop.s$n.failed]:-}" \
      "${S[ogem.s$n.streams]:-}/${S[ogem.s$n.failed]:-}" "" ""
    [ -n "${S[ogem.s$n.budget]:-}" ] && echo "  (ogem with MAX_REQUEST_BYTES_IN_FLIGHT=${S[ogem.s$n.budget]}: the default 64 MiB admits 4,096 at once)"
  done
  echo "classes loaded by ogem (memory mode): ${S[ogem.classes]:-?}, of which Lettuce or Netty: ${S[ogem.lettuce]:-?}"
  grep '^RESULT' "$OUT/sizing-load.log" | sed 's/^/  /'
}
