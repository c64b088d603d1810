# bench/soak.sh: the soak mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run soak    SOAK_SECONDS (600) of mixed traffic against one ogem with fake upstreams (soak.js:
#                     plain, streams held open, a model whose upstream fails, a chain that falls back),
#                     sampling every SOAK_SAMPLE (30) s: heap used after a full GC, RSS, threads, open
#                     files, and the load's unexpected outcomes. Prints the samples and a summary: heap
#                     growth from the first sample at or after SOAK_BASELINE (120) s to the last one under load, the
#                     slope of a least-squares line through those samples (MiB per hour), the largest GC
#                     pause (from -Xlog:gc), errors per kind, SEVERE lines in ogem's log.
#
# Knobs: SOAK_SECONDS, SOAK_SAMPLE, SOAK_BASELINE, and soak.js's SOAK_PLAIN (4), SOAK_STREAM (32),
# SOAK_FAILING (2), SOAK_FALLBACK (2) clients, SOAK_CHUNKS (10) events SOAK_GAP_MS (50) apart; bench/run's
# OGEM_SOURCE, SKIP_BUILD, GATEWAY_JVM_FLAGS. Pinning as bench/run. Never part of `mvn verify`.
# Results: out/soak-table.txt, out/soak-samples.tsv, out/soak-load.log, out/soak-gc.log, out/ogem-soak.log.

SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_SAMPLE=${SOAK_SAMPLE:-30}
SOAK_BASELINE=${SOAK_BASELINE:-120}

soak_sample() {   # T -> one line: t heap_kib rss_kib hwm_kib threads fds cpu_ticks
  local t=$1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(heap_used_kib "$OGEM_PID")" \
    "$(awk '/VmRSS/ {print $2}' "/proc/$OGEM_PID/status")" "$(awk '/VmHWM/ {print $2}' "/proc/$OGEM_PID/status")" \
    "$(awk '/Threads/ {print $2}' "/proc/$OGEM_PID/status")" "$(find "/proc/$OGEM_PID/fd" -mindepth 1 2>/dev/null | wc -l)" \
    "$(cpu_ticks "$OGEM_PID")"
}

soak_mode() {
  VALKEY=0 need_tools
  BUILD_FLAGS=-Dogem.image.skip=true BUILD_GOAL=package build_ogem
  STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  start_upstream
  OGEM_PORT=$(free_port)
  # the failing model has a provider of its own: its open circuit must not close bench-model's endpoint
  OGEM_EXTRA_PROVIDERS="  broken:
    base_url: http://127.0.0.1:$UP_PORT/fail/500/v1
    protocol: openai
    regions:
      broken:
        models:
          - name: failing-model" \
  OGEM_JVM_EXTRA="-Xlog:gc:file=$OUT/soak-gc.log" OGEM_LOG=$OUT/ogem-soak.log start_ogem "$OGEM_PORT"
  log "soak: ${SOAK_SECONDS}s of mixed traffic, a sample every ${SOAK_SAMPLE}s (load before: $LOAD_BEFORE)"

  printf 't_s\theap_kib\trss_kib\thwm_kib\tthreads\tfds\tcpu_ticks\n' > "$OUT/soak-samples.tsv"
  soak_sample 0 >> "$OUT/soak-samples.tsv"
  GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU node "$BENCH/soak.js" "http://127.0.0.1:$OGEM_PORT" \
    "$SOAK_SECONDS" "$SOAK_SAMPLE" > "$OUT/soak-load.log" 2>&1 &
  local load_pid=$! t0 now
  PIDS+=("$load_pid")
  t0=$(date +%s)
  while kill -0 "$load_pid" 2>/dev/null; do
    sleep "$SOAK_SAMPLE"
    now=$(( $(date +%s) - t0 ))
    [ "$now" -le "$SOAK_SECONDS" ] || break
    soak_sample "$now" >> "$OUT/soak-samples.tsv"
    log "soak t=${now}s: $(tail -1 "$OUT/soak-samples.tsv" | awk '{printf "heap %.1f MiB, RSS %.0f MiB, %d threads, %d fds", $2/1024, $3/1024, $5, $6}'); $(grep '^INTERVAL' "$OUT/soak-load.log" | tail -1)"
  done
  wait "$load_pid" || true
  curl -s "http://127.0.0.1:$OGEM_PORT/observe/metrics" > "$OUT/soak-metrics.txt" || true
  soak_sample "$(( $(date +%s) - t0 ))" >> "$OUT/soak-samples.tsv"   # after the load: not in the trend
  stop "$OGEM_PID"
  soak_table | tee "$OUT/soak-table.txt"
}

soak_table() {
  local samples=$OUT/soak-samples.tsv
  echo "ogem soak  $STARTED  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE)"
  echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); ogem on CPU $GW_CPU with ${JVM_FLAGS[*]}; load and upstream on CPU $LOAD_CPU"
  echo "load average (1/5/15 min): before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "traffic: plain x${SOAK_PLAIN:-4}, streams x${SOAK_STREAM:-32} (${SOAK_CHUNKS:-10} events ${SOAK_GAP_MS:-50} ms apart), failing x${SOAK_FAILING:-2}, fallback x${SOAK_FALLBACK:-2}; ${SOAK_SECONDS}s"
  echo
  awk -F'\t' -v hz="$(getconf CLK_TCK)" 'NR == 1 {printf "%8s %12s %9s %9s %8s %6s %8s\n", "t (s)", "heap MiB", "RSS MiB", "HWM MiB", "threads", "fds", "CPU %"; next}
    {cpu = (NR > 2 && $1 > pt) ? ($7 - pc) / hz / ($1 - pt) * 100 : 0; pt = $1; pc = $7
     printf "%8d %12.1f %9.0f %9.0f %8d %6d %8.0f\n", $1, $2/1024, $3/1024, $4/1024, $5, $6, cpu}' "$samples"
  echo
  awk -F'\t' -v base="$SOAK_BASELINE" -v last="$SOAK_SECONDS" 'NR > 1 && $1 >= base && $1 <= last {n++; x[n] = $1; y[n] = $2 / 1024; r[n] = $3 / 1024; th[n] = $5; fd[n] = $6}
    END {if (n < 2) {print "too few samples after the baseline"; exit}
      for (i = 1; i <= n; i++) {sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i]; if (y[i] > m) m = y[i]}
      slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
      printf "heap after full GC, MiB: at %ds %.1f, at the end %.1f, largest %.1f; growth %.1f; trend %.2f MiB/hour (%d samples)\n",
        x[1], y[1], y[n], m, y[n] - y[1], slope * 3600, n
      printf "RSS MiB: at %ds %.0f, at the end %.0f; threads %d -> %d; open files %d -> %d\n", x[1], r[1], r[n], th[1], th[n], fd[1], fd[n]}' "$samples"
  awk '/Pause/ {for (i = 1; i <= NF; i++) if ($i ~ /ms$/) {v = $i; sub(/ms$/, "", v); if (v + 0 > m) m = v + 0; n++}}
    END {printf "GC pauses: %d, largest %.1f ms\n", n, m}' "$OUT/soak-gc.log"
  echo "SEVERE lines in ogem's log: $(grep -c 'SEVERE' "$OUT/ogem-soak.log" || true)"
  echo "ogem's own count, /v1/chat/completions by status: $(grep '^ogem_requests_total{.*chat/completions' "$OUT/soak-metrics.txt" \
    | sed -E 's/.*status="([^"]+)".* ([0-9.eE+]+)$/\1=\2/' | tr '\n' ' ')"
  echo
  printf '%-9s %10s %11s %-28s %9s %9s %9s %9s\n' kind requests unexpected statuses "p50 ms" "p99 ms" "p99.9 ms" "max ms"
  grep '^RESULT' "$OUT/soak-load.log" | sed 's/^RESULT //' | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); f[kv[1]] = kv[2]}
    printf "%-9s %10d %11d %-28s %9.2f %9.2f %9.2f %9.2f\n", f["kind"], f["requests"], f["unexpected"], f["statuses"],
      f["p50"] / 1000, f["p99"] / 1000, f["p999"] / 1000, f["max"] / 1000}'
  grep '^UNEXPECTED' "$OUT/soak-load.log" | head -10 || true
}
