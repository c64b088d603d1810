# bench/tail.sh: the tail mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run tail    the upstream alone, the bare hop and ogem (in-memory state), one after the other in one
#                     run: plain completions at c=1 for DURATION with p50/p99/p99.9 (wrk), then the heap
#                     bytes each gateway allocates per plain request and per stream of CHUNKS events
#                     (TAIL_ALLOC_SECONDS of load at c=16, divided by the requests wrk completed), read from its GC log (-Xlog:gc): between two forced full
#                     GCs, the sum over collections of (heap before this one - heap after the previous one).
#                     That figure does not depend on the machine's load; the latencies do (read them as
#                     "against the hop in the same run"). TAIL_ROUNDS (3) rounds of c=1, medians printed.
#
# TAIL_JFR=1 (default) then records ogem under each load with JFR: out/profile-tail-{plain,stream}.txt.
# Knobs: WARMUP (120), DURATION (20), TAIL_ALLOC_SECONDS (10), TAIL_ROUNDS (3), GATEWAY_JVM_FLAGS, OGEM_SOURCE,
# SKIP_BUILD. Results: out/tail-table.txt, out/gc-<target>.log.

TAIL_ALLOC_SECONDS=${TAIL_ALLOC_SECONDS:-10}
TAIL_ROUNDS=${TAIL_ROUNDS:-3}

# gc_allocated LOG: KiB allocated between the last two forced full GCs (jcmd GC.run) of a -Xlog:gc log
gc_allocated() {
  awk '/Pause/ {
      if (match($0, /[0-9]+[KMG]->[0-9]+[KMG]/) == 0) next
      split(substr($0, RSTART, RLENGTH), p, "->")
      b = p[1] + 0; a = p[2] + 0
      if (p[1] ~ /M$/) b *= 1024; if (p[1] ~ /G$/) b *= 1048576; if (p[2] ~ /M$/) a *= 1024; if (p[2] ~ /G$/) a *= 1048576
      full = ($0 ~ /Pause Full \((System.gc|Diagnostic Command)\)/)
      n++; before[n] = b; after[n] = a; isfull[n] = full
    }
    END {
      last = 0; prev = 0
      for (i = n; i >= 1; i--) if (isfull[i]) { if (!last) last = i; else if (!prev) { prev = i; break } }
      if (!prev) { print ""; exit }
      s = 0
      for (i = prev + 1; i <= last; i++) s += before[i] - after[i - 1]
      print s
    }' "$1"
}

# alloc_case TARGET PID BASE NAME BODY: heap bytes per request over TAIL_ALLOC_SECONDS at c=16
alloc_case() {
  local target=$1 pid=$2 base=$3 name=$4 body=$5 kib
  jcmd "$pid" GC.run >/dev/null; sleep 1
  wrk_case "$target" "alloc$name" "$base" 16 "$TAIL_ALLOC_SECONDS" "$body" >/dev/null 2>&1
  jcmd "$pid" GC.run >/dev/null; sleep 1
  kib=$(gc_allocated "$OUT/gc-$target.log")
  R[$target.alloc$name.bytes]=$(awk -v k="$kib" -v n="${R[$target.alloc$name.requests]:-0}" \
    'BEGIN {if (n > 0 && k != "") printf "%.0f", k * 1024 / n; else print ""}')
  log "$target: ${R[$target.alloc$name.bytes]} heap bytes allocated per $name request (${R[$target.alloc$name.requests]} requests)"
}

tail_target() {   # TARGET PID BASE
  local target=$1 pid=$2 base=$3 i
  warm "$base" "$WARMUP"
  for i in $(seq "$TAIL_ROUNDS"); do
    wrk_case "$target" "c1r$i" "$base" 1 "$DURATION" "$PLAIN_BODY"
  done
  if [ -n "$pid" ]; then
    alloc_case "$target" "$pid" "$base" plain "$PLAIN_BODY"
    alloc_case "$target" "$pid" "$base" stream "$STREAM_BODY"
  fi
  if [ "$target" = ogem ] && [ "${TAIL_JFR:-1}" = 1 ]; then   # after the measured cases: JFR allocates too
    for i in plain stream; do
      jcmd "$pid" JFR.start name=tail settings=profile filename="$OUT/ogem-tail-$i.jfr" >/dev/null
      wrk_case "$target" "jfr$i" "$base" 16 "$TAIL_ALLOC_SECONDS" "$([ $i = plain ] && echo "$PLAIN_BODY" || echo "$STREAM_BODY")" >/dev/null 2>&1
      jcmd "$pid" JFR.stop name=tail >/dev/null
      "$BENCH/profile" "$OUT/ogem-tail-$i.jfr" > "$OUT/profile-tail-$i.txt" 2>&1 || true
    done
  fi
}

median_of() {   # TARGET METRIC: the median over the rounds, in ms
  local target=$1 metric=$2 i
  for i in $(seq "$TAIL_ROUNDS"); do echo "${R[$target.c1r$i.$metric]:-}"; done | sort -n \
    | awk '{v[NR] = $1} END {if (NR) printf "%.3f", v[int((NR + 1) / 2)] / 1000}'
}

tail_mode() {
  prepare_gateway_mode

  GW_PID=""
  tail_target direct "" "http://127.0.0.1:$UP_PORT"

  local port hop
  port=$(free_port)
  taskset -c $GW_CPU java "${JVM_FLAGS[@]}" -Xlog:gc:file="$OUT/gc-hop.log" \
    -cp "$BENCH/hop/target/classes:$BENCH/hop/target/libs/*" dev.ogem.bench.hop.Hop "$port" "http://127.0.0.1:$UP_PORT" \
    > "$OUT/hop.log" 2>&1 &
  hop=$!; PIDS+=("$hop")
  wait_http "http://127.0.0.1:$port/"
  GW_PID=$hop
  tail_target hop "$hop" "http://127.0.0.1:$port"
  stop "$hop"

  port=$(free_port)
  OGEM_JVM_EXTRA="-Xlog:gc:file=$OUT/gc-ogem.log" start_ogem "$port"
  GW_PID=$OGEM_PID
  tail_target ogem "$OGEM_PID" "http://127.0.0.1:$port"
  stop "$OGEM_PID"
  tail_table | tee "$OUT/tail-table.txt"
}

tail_table() {
  local t
  echo "ogem tail latency and allocation  $STARTED  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE)"
  echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); gateways on CPU $GW_CPU with ${JVM_FLAGS[*]}"
  echo "WARMUP=${WARMUP}s, c=1 plain: $TAIL_ROUNDS rounds of ${DURATION}s (medians); allocation over ${TAIL_ALLOC_SECONDS}s at c=16"
  echo "load average (1/5/15 min): before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-8s %9s %9s %9s %9s %9s %9s %14s %14s %8s\n' target "p50 ms" "p99 ms" "p99.9 ms" "+p50" "+p99" "+p99.9" \
    "B/plain req" "B/stream" "others%"
  for t in direct hop ogem; do
    printf '%-8s %9s %9s %9s %9s %9s %9s %14s %14s %8s\n' "$t" "$(median_of $t p50)" "$(median_of $t p99)" "$(median_of $t p999)" \
      "$(awk -v a="$(median_of $t p50)" -v b="$(median_of direct p50)" 'BEGIN {printf "%.3f", a - b}')" \
      "$(awk -v a="$(median_of $t p99)" -v b="$(median_of direct p99)" 'BEGIN {printf "%.3f", a - b}')" \
      "$(awk -v a="$(median_of $t p999)" -v b="$(median_of direct p999)" 'BEGIN {printf "%.3f", a - b}')" \
      "${R[$t.allocplain.bytes]:--}" "${R[$t.allocstream.bytes]:--}" "${R[$t.c1r1.foreign]:-}"
  done
  echo
  echo "each round (p50/p99/p99.9 ms):"
  for t in direct hop ogem; do
    printf '  %-7s' "$t"
    for i in $(seq "$TAIL_ROUNDS"); do
      printf ' %s' "$(awk -v a="${R[$t.c1r$i.p50]:-0}" -v b="${R[$t.c1r$i.p99]:-0}" -v c="${R[$t.c1r$i.p999]:-0}" \
        'BEGIN {printf "%.3f/%.3f/%.3f", a / 1000, b / 1000, c / 1000}')"
    done
    echo
  done
}
