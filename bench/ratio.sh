# bench/ratio.sh: the ratio mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run ratio   the bare hop and ogem (in-memory state) both running, both on the gateway's CPU, measured
#                     in short alternating windows: RATIO_ROUNDS (5) rounds, each of plain completions at c=64,
#                     streams of CHUNKS events at c=64 (sent at once), paced streams at c=64 (CHUNKS events
#                     RATIO_PACED_MS (2) apart, as a model sends tokens: nothing to coalesce, so its CPU per stream
#                     is the figure) and plain completions at c=1 (the upstream alone too), every case
#                     RATIO_SECONDS (10) long, the hop first in odd rounds and ogem first in even ones. A
#                     machine whose speed drifts over minutes (seen here: the hop's CPU per request 42 to 74 us in
#                     one morning) moves both sides of a round alike, so the ratio of each round means something
#                     where a run of hop-then-ogem does not; the table prints every round and the medians.
#
#   RATIO_BASE=<rev> bench/run ratio   the same, with ogem built at that commit in the hop's place: a change measured
#                     against its "before" in one run (the table says "base" where it says "hop", and sets no goals).
#
# Knobs: WARMUP (120: each gateway, as bench/run), RATIO_ROUNDS (5), RATIO_SECONDS (10), RATIO_PACED_MS (2), RATIO_BASE, CHUNKS,
# GATEWAY_JVM_FLAGS, OGEM_SOURCE, SKIP_BUILD. Results: out/ratio-table.txt.

RATIO_ROUNDS=${RATIO_ROUNDS:-5}
RATIO_SECONDS=${RATIO_SECONDS:-10}
RATIO_PACED_MS=${RATIO_PACED_MS:-2}
PACED_STREAM_BODY=$OUT/body-stream-paced.json

ratio_round() {   # ROUND HOP_URL OGEM_URL: the three cases, each on both gateways, in the round's order
  local i=$1 hop=$2 og=$3 order=(hop ogem) t
  [ $((i % 2)) = 0 ] && order=(ogem hop)
  for t in "${order[@]}"; do ratio_case "$t" "p64r$i" 64 "$PLAIN_BODY" "$hop" "$og"; done
  for t in "${order[@]}"; do ratio_case "$t" "s64r$i" 64 "$STREAM_BODY" "$hop" "$og"; done
  for t in "${order[@]}"; do ratio_case "$t" "q64r$i" 64 "$PACED_STREAM_BODY" "$hop" "$og"; done
  GW_PID="" wrk_case direct "p1r$i" "http://127.0.0.1:$UP_PORT" 1 "$RATIO_SECONDS" "$PLAIN_BODY"
  for t in "${order[@]}"; do ratio_case "$t" "p1r$i" 1 "$PLAIN_BODY" "$hop" "$og"; done
}
ratio_case() {   # TARGET CASE CONNECTIONS BODY HOP_URL OGEM_URL
  local target=$1 base=$5 pid=$HOP_PID label=$1
  [ "$target" = ogem ] && { base=$6; pid=$OGEM_PID; }
  [ "$target" = hop ] && [ -n "${RATIO_BASE:-}" ] && label=base   # its results keep the hop's keys
  LABEL=$label GW_PID=$pid wrk_case "$target" "$2" "$base" "$3" "$RATIO_SECONDS" "$4"
}

ratio_mode() {
  NO_HOP=$([ -n "${RATIO_BASE:-}" ] && echo 1 || echo 0) prepare_gateway_mode   # ogem at RATIO_BASE stands in for the hop

  local hop_port og_port hop og i head_src=$OGEM_SRC
  stream_body "$CHUNKS" "$RATIO_PACED_MS" > "$PACED_STREAM_BODY"
  hop_port=$(free_port)
  if [ -n "${RATIO_BASE:-}" ]; then   # the "hop" is ogem at RATIO_BASE
    BUILD_FLAGS=-Dogem.image.skip=true build_base "$RATIO_BASE"
    OGEM_SRC=$OUT/src-base OGEM_LOG=$OUT/ogem-base.log start_ogem "$hop_port"
    HOP_PID=$OGEM_PID; OGEM_SRC=$head_src
  else
    taskset -c $GW_CPU java "${JVM_FLAGS[@]}" -cp "$BENCH/hop/target/classes:$BENCH/hop/target/libs/*" \
      dev.ogem.bench.hop.Hop "$hop_port" "http://127.0.0.1:$UP_PORT" > "$OUT/hop.log" 2>&1 &
    HOP_PID=$!; PIDS+=("$HOP_PID")
    wait_http "http://127.0.0.1:$hop_port/"
  fi
  og_port=$(free_port)
  start_ogem "$og_port"
  hop=http://127.0.0.1:$hop_port; og=http://127.0.0.1:$og_port

  GW_PID=$HOP_PID warm "$hop" "$WARMUP"
  GW_PID=$OGEM_PID warm "$og" "$WARMUP"
  log "a discarded round: both gateways have now switched between the cases once"
  RATIO_SECONDS=5 ratio_round 0 "$hop" "$og" 2>/dev/null
  for i in $(seq "$RATIO_ROUNDS"); do
    ratio_round "$i" "$hop" "$og"
  done
  R[hop.rss]=$(hwm_mib "$HOP_PID"); R[ogem.rss]=$(hwm_mib "$OGEM_PID")
  stop "$HOP_PID"; stop "$OGEM_PID"
  ratio_table | tee "$OUT/ratio-table.txt"
}

# per_round CASE METRIC EXPRESSION: one value per round, from awk EXPRESSION over h (hop), o (ogem), d (direct)
per_round() {
  local case=$1 metric=$2 expr=$3 i
  for i in $(seq "$RATIO_ROUNDS"); do
    awk -v h="${R[hop.$case$i.$metric]:-}" -v o="${R[ogem.$case$i.$metric]:-}" -v d="${R[direct.$case$i.$metric]:-}" \
      "BEGIN {if (h == \"\" || o == \"\") print \"-\"; else printf \"%.${4:-1}f\\n\", $expr}"
  done
}

ratio_table() {
  local h=hop goal=1 them="the bare hop"
  [ -z "${RATIO_BASE:-}" ] || { h=base; goal=""; them="ogem at $RATIO_BASE (base)"; }
  echo "ogem against $them, alternating  $STARTED  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE)"
  echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); both gateways on CPU $GW_CPU with ${JVM_FLAGS[*]}"
  echo "WARMUP=${WARMUP}s each, then $RATIO_ROUNDS rounds of ${RATIO_SECONDS}s cases, $h and ogem alternating (medians of the rounds)"
  echo "load average (1/5/15 min): before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-34s %-44s %9s  %s\n' figure "each round" median goal
  row() { printf '%-34s %-44s %9s  %s\n' "$1" "$(echo "$2" | tr '\n' ' ')" "$(echo "$2" | median)" "${goal:+$3}"; }
  row "plain c=64 $h req/s" "$(per_round p64r rps 'h' 0)" ""
  row "plain c=64 ogem req/s" "$(per_round p64r rps 'o' 0)" ""
  row "plain c=64 ogem/$h %" "$(per_round p64r rps '100 * o / h' 0)" ">= 80 %"
  row "plain c=64 CPU us/req $h" "$(per_round p64r cpu_us 'h' 0)" ""
  row "plain c=64 CPU us/req ogem" "$(per_round p64r cpu_us 'o' 0)" ""
  row "stream c=64 $h streams/s" "$(per_round s64r rps 'h' 0)" ""
  row "stream c=64 ogem streams/s" "$(per_round s64r rps 'o' 0)" ""
  row "stream c=64 ogem/$h %" "$(per_round s64r rps '100 * o / h' 0)" ">= 100 %"
  row "stream c=64 CPU us/stream $h" "$(per_round s64r cpu_us 'h' 0)" ""
  row "stream c=64 CPU us/stream ogem" "$(per_round s64r cpu_us 'o' 0)" ""
  row "paced c=64 $h streams/s" "$(per_round q64r rps 'h' 0)" ""
  row "paced c=64 ogem streams/s" "$(per_round q64r rps 'o' 0)" ""
  row "paced c=64 CPU us/stream $h" "$(per_round q64r cpu_us 'h' 0)" ""
  row "paced c=64 CPU us/stream ogem" "$(per_round q64r cpu_us 'o' 0)" ""
  row "paced c=64 CPU $h/ogem %" "$(per_round q64r cpu_us '100 * h / o' 0)" "reported"
  row "c=1 added p50 ms $h" "$(per_round p1r p50 '(h - d) / 1000' 3)" ""
  row "c=1 added p50 ms ogem" "$(per_round p1r p50 '(o - d) / 1000' 3)" ""
  row "c=1 p50 ogem - $h ms" "$(per_round p1r p50 '(o - h) / 1000' 3)" "<= 0.05"
  row "c=1 added p99 ms $h" "$(per_round p1r p99 '(h - d) / 1000' 3)" ""
  row "c=1 added p99 ms ogem" "$(per_round p1r p99 '(o - d) / 1000' 3)" ""
  row "c=1 p99 ogem - $h ms" "$(per_round p1r p99 '(o - h) / 1000' 3)" "<= 0.5"
  row "c=1 p99.9 ogem - $h ms" "$(per_round p1r p999 '(o - h) / 1000' 3)" "reported"
  row "others' CPU % (plain c=64, ogem)" "$(per_round p64r foreign 'o' 0)" "0 on a quiet machine"
  echo
  echo "peak RSS MiB over the run: $h ${R[hop.rss]:-?}, ogem ${R[ogem.rss]:-?}"
  echo "errors (socket/non-2xx), all cases: $(for k in "${!R[@]}"; do case $k in hop.*.errors|hop.*.non2xx|ogem.*.errors|ogem.*.non2xx) echo "${R[$k]}";; esac; done | awk '{s += $1} END {print s + 0}')"
}
