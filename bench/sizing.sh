# bench/sizing.sh: the sizing mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run sizing  memory of the bare hop and of ogem (in-memory state), one after the other, both with
#                     SIZING_JVM_FLAGS (default: the launcher's flags): peak RSS under c=64 streams of 10
#                     events (wrk, SIZING_SECONDS), then SIZING_STREAMS ("100 1000 5000") concurrent streams
#                     held open (each SIZING_CHUNKS=10 events SIZING_GAP_MS=1000 ms apart, a finished
#                     stream replaced at once) for SIZING_SECONDS (30) each: the largest RSS sampled every
#                     second during the step and, halfway through it, the heap live after a full GC, the
#                     heap committed and the open files (streams really held: two files each). With
#                     SIZING_NMT=1 ogem also runs with -XX:NativeMemoryTracking=summary and its summary
#                     halfway through each step lands in out/sizing-nmt-<step>.txt (NMT costs memory itself).
#
# Pinning as bench/run (gateway on CPU 1, upstream and clients on CPU 0). Results: out/sizing-table.txt.

SIZING_STREAMS=${SIZING_STREAMS:-100 1000 5000}
SIZING_SECONDS=${SIZING_SECONDS:-30}
SIZING_CHUNKS=${SIZING_CHUNKS:-10}
SIZING_GAP_MS=${SIZING_GAP_MS:-1000}
read -r -a SIZING_FLAGS <<< "${SIZING_JVM_FLAGS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# sizing_step TARGET PID LABEL CMD...: runs CMD (a load) in the background and samples the gateway's RSS every
# second until it ends; halfway, while the load holds its streams open, forces a full GC and records the heap
# left (live), the heap committed, open files (two per stream: client and upstream side) and a class
# histogram (out/sizing-histo-TARGET-LABEL.txt). Results in S[TARGET.LABEL.*].
sizing_step() {
  local target=$1 pid=$2 label=$3 load peak=0 rss start half=0
  shift 3
  "$@" >> "$OUT/sizing-load.log" 2>&1 &
  load=$!
  start=$(date +%s)
  while kill -0 "$load" 2>/dev/null; do
    rss=$(rss_kib "$pid"); [ "$rss" -gt "$peak" ] && peak=$rss
    if [ "$half" = 0 ] && [ $(( $(date +%s) - start )) -ge $(( SIZING_SECONDS / 2 )) ]; then
      half=1
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
  S[$target.$label.threads]=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
  log "$target $label: peak RSS ${S[$target.$label.rss]} MiB; halfway: heap live ${S[$target.$label.heap]:-?} of ${S[$target.$label.committed]:-?} MiB committed, ${S[$target.$label.fds]:-?} open files; $(grep '^RESULT' "$OUT/sizing-load.log" | tail -1)"
}

sizing_target() {   # TARGET PID BASE_URL
  local target=$1 pid=$2 base=$3 n
  wrk_case "$target" warm64 "$base" 64 10 "$STREAM_BODY" >/dev/null 2>&1
  sizing_step "$target" "$pid" c64 env BODY_FILE="$STREAM_BODY" GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU \
    wrk -t1 -c64 -d"${SIZING_SECONDS}s" --timeout 10s -s "$BENCH/post.lua" "$base"
  S[$target.c64.hwm]=$(hwm_mib "$pid")
  for n in $SIZING_STREAMS; do
    sizing_step "$target" "$pid" "s$n" env GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU \
      node "$BENCH/streams.js" "$base/v1/chat/completions" "$n" "$SIZING_SECONDS" "$OUT/body-stream-held.json" 5000
  done
  S[$target.hwm]=$(hwm_mib "$pid")
}

sizing_mode() {
  declare -gA S
  VALKEY=0 need_tools
  BUILD_FLAGS=-Dogem.image.skip=true BUILD_GOAL=package build_ogem
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mvn -B -q -f "$BENCH/pom.xml" -pl hop package > "$OUT/build-bench.log" 2>&1 \
      || { tail -30 "$OUT/build-bench.log" >&2; echo "hop build failed" >&2; exit 1; }
  fi
  echo "{\"model\":\"bench-model\",\"stream\":true,\"bench_chunks\":$SIZING_CHUNKS,\"bench_gap_ms\":$SIZING_GAP_MS,\"messages\":[{\"role\":\"user\",\"content\":\"Count to ten.\"}]}" \
    > "$OUT/body-stream-held.json"
  : > "$OUT/sizing-load.log"
  STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  UP_PORT=$(free_port)
  taskset -c $LOAD_CPU node "$BENCH/upstream.js" "$UP_PORT" > "$OUT/upstream.log" 2>&1 &
  UP_PID=$!; PIDS+=("$UP_PID")
  wait_http "http://127.0.0.1:$UP_PORT/v1/models"

  local port
  port=$(free_port)
  taskset -c $GW_CPU java "${SIZING_FLAGS[@]}" -cp "$BENCH/hop/target/classes:$BENCH/hop/target/libs/*" \
    dev.ogem.bench.hop.Hop "$port" "http://127.0.0.1:$UP_PORT" > "$OUT/hop.log" 2>&1 &
  local hop=$!; PIDS+=("$hop")
  wait_http "http://127.0.0.1:$port/"
  sizing_target hop "$hop" "http://127.0.0.1:$port"
  stop "$hop"

  port=$(free_port)
  JVM_FLAGS=("${SIZING_FLAGS[@]}")
  OGEM_JVM_EXTRA="-Xlog:class+load=info:file=$OUT/ogem-classes.txt $([ "${SIZING_NMT:-0}" = 1 ] && echo "-XX:NativeMemoryTracking=summary")" \
    OGEM_LOG=$OUT/ogem-sizing.log \
    start_ogem "$port"
  sizing_target ogem "$OGEM_PID" "http://127.0.0.1:$port"
  S[ogem.classes]=$(grep -c 'class,load' "$OUT/ogem-classes.txt" || true)
  S[ogem.lettuce]=$(grep -c -E 'io\.lettuce|io\.netty' "$OUT/ogem-classes.txt" || true)
  stop "$OGEM_PID"
  sizing_table | tee "$OUT/sizing-table.txt"
}

sizing_table() {
  local n
  echo "ogem sizing  $STARTED  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE)"
  echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); gateway on CPU $GW_CPU with ${SIZING_FLAGS[*]}"
  echo "held streams: $SIZING_CHUNKS events ${SIZING_GAP_MS} ms apart, ${SIZING_SECONDS}s per step; load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-34s %14s %14s %8s\n' "figure (MiB)" "hop" "ogem" "og/hop"
  srow() { printf '%-34s %14s %14s %8s\n' "$1" "$2" "$3" \
    "$(awk -v a="${4:-0}" -v b="${5:-0}" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')"; }
  srow "c=64 streams (wrk): peak RSS" "${S[hop.c64.rss]:-}" "${S[ogem.c64.rss]:-}" "${S[ogem.c64.rss]:-}" "${S[hop.c64.rss]:-}"
  srow "  heap live/committed, open files" "${S[hop.c64.heap]:-}/${S[hop.c64.committed]:-}, ${S[hop.c64.fds]:-}" \
    "${S[ogem.c64.heap]:-}/${S[ogem.c64.committed]:-}, ${S[ogem.c64.fds]:-}" "" ""
  for n in $SIZING_STREAMS; do
    srow "$n streams held: peak RSS" "${S[hop.s$n.rss]:-}" "${S[ogem.s$n.rss]:-}" "${S[ogem.s$n.rss]:-}" "${S[hop.s$n.rss]:-}"
    srow "  heap live/committed, open files" "${S[hop.s$n.heap]:-}/${S[hop.s$n.committed]:-}, ${S[hop.s$n.fds]:-}" \
      "${S[ogem.s$n.heap]:-}/${S[ogem.s$n.committed]:-}, ${S[ogem.s$n.fds]:-}" "" ""
  done
  srow "VmHWM, whole run" "${S[hop.hwm]:-}" "${S[ogem.hwm]:-}" "${S[ogem.hwm]:-}" "${S[hop.hwm]:-}"
  echo "classes loaded by ogem (memory mode): ${S[ogem.classes]:-?}, of which Lettuce or Netty: ${S[ogem.lettuce]:-?}"
  grep '^RESULT' "$OUT/sizing-load.log" | sed 's/^/  /'
}
