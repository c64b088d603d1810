# bench/fleet.sh: the shared-state modes of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run quota   ogem with in-memory state and ogem on one Valkey: in each of ROUNDS rounds a fresh
#                     gateway of each, both warmed, then QUOTA_WINDOWS windows of plain c=64 and of c=1
#                     taken in turns, so both see the same moments of the machine; medians of the windows.
#                     At c=64 also: the gateway's CPU a request, the part of it on Lettuce's threads (its
#                     event loop), how busy the gateway's core was, and the rate a busy core ("per core":
#                     rate / busy share; Valkey shares the load's core, so the gateway's core can idle)
#   bench/run fleet   1, 2 and 4 ogem instances on one Valkey, then on a 3-node Valkey Cluster: the total
#                     admitted rate with limits far above the load, and a bucket of rpm FLEET_RPM under load
#                     from every instance (how many it admitted in total: never more than FLEET_RPM);
#                     then valkey-benchmark EVALSHA of the admission script on one node
#
# Knobs (besides bench/run's WARMUP, DURATION, OGEM_SOURCE, SKIP_BUILD, GATEWAY_JVM_FLAGS):
#   ROUNDS=3           quota: rounds, each with a fresh gateway per store (memory, Valkey)
#   QUOTA_WINDOWS=2    quota: windows per round and load, the stores' gateways measured in turns
#   QUOTA_BASE=<rev>   quota: also build that commit and run it on Valkey in each round ("before" of a fix)
#   FLEET_SIZES="1 2 4"  fleet: instance counts
#   FLEET_STORES="memory valkey cluster"  fleet: memory (each instance on its own: the control, whose
#                      limit is per instance), one Valkey, a 3-node cluster
#   FLEET_RPM=6000     fleet: the limited bucket's rpm (its load runs for LIMIT_SECONDS, well under a minute)
#   LIMIT_SECONDS=15   fleet: seconds of load on the limited bucket
#   CONNECTIONS=64     fleet: wrk connections in total, split over the instances
# The last column: PASS when the fleet admitted at most the rpm; "outage bound" when calls fell back to
# local limits (a Valkey timeout on a busy machine) and the fleet stayed within (n + 1) x rpm, the bound
# README documents for outages; "per instance" for memory, whose instances share nothing.
# Pinning as bench/run: ogem instances on CPU 1; upstream, wrk and Valkey on CPU 0.

ROUNDS=${ROUNDS:-3}
QUOTA_WINDOWS=${QUOTA_WINDOWS:-2}
FLEET_SIZES=${FLEET_SIZES:-1 2 4}
FLEET_STORES=${FLEET_STORES:-memory valkey cluster}
FLEET_RPM=${FLEET_RPM:-6000}
LIMIT_SECONDS=${LIMIT_SECONDS:-15}
CONNECTIONS=${CONNECTIONS:-64}
VK_BIN=$(command -v valkey-server || command -v redis-server || true)
VK_CLI=${VK_BIN%-server}-cli

start_cluster() {  # -> CLUSTER_ENDPOINTS, CLUSTER_PIDS: three primaries on CPU 0, created with the cli
  local nodes=() i
  CLUSTER_PIDS=()
  for i in 1 2 3; do
    start_valkey --cluster-enabled yes --cluster-config-file "$OUT/nodes-$i-$$.conf" --cluster-port "$(free_port)" \
      --cluster-node-timeout 2000
    nodes+=("127.0.0.1:$VK_PORT"); CLUSTER_PIDS+=("$VK_PID")
  done
  "$VK_CLI" --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > "$OUT/cluster-create.log" 2>&1 \
    || { cat "$OUT/cluster-create.log" >&2; exit 1; }
  for i in $(seq 100); do
    "$VK_CLI" -p "${nodes[0]#*:}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1
  done
  CLUSTER_ENDPOINTS=$(IFS=,; echo "${nodes[*]}")
}

verdict() { awk -v x="$1" -v op="$2" -v y="$3" 'BEGIN {if (x == "" || x == "-") {print "n/a"; exit}
  ok = (op == ">=") ? (x + 0 >= y + 0) : (x + 0 <= y + 0); print ok ? "PASS" : "MISS"}'; }
valkey_calls() {   # PORT: script calls (EVALSHA, EVAL) Valkey has run so far: what ogem sends per admission
  # (commandstats also counts the commands scripts run inside, so other commands are not summed)
  "$VK_CLI" -p "$1" info commandstats | tr -d '\r' | awk -F'[:=,]' '$1 == "cmdstat_evalsha" || $1 == "cmdstat_eval" {s += $3} END {print s + 0}'
}
valkey_ticks() { local t=0 pid; for pid in "$@"; do t=$((t + $(cpu_ticks "$pid"))); done; echo "$t"; }
thread_ticks() {   # PID PREFIX: CPU ticks so far of the process's threads whose name starts with PREFIX
  local t=0 task name
  for task in /proc/"$1"/task/*; do
    read -r name < "$task/comm" 2>/dev/null || continue
    # fields after the name's closing parenthesis (a name may hold spaces): utime and stime are the 12th and 13th
    [[ $name == "$2"* ]] && t=$((t + $(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}')))
  done
  echo "$t"
}
core_jiffies() { awk -v c="cpu$1" '$1 == c {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }  # CPU: busy total

# ---------------------------------------------------------------- quota: memory against Valkey
quota_window() {   # KEY PORT PID: one c=64 window of one gateway, with Valkey's CPU and script calls, the CPU
                   # of the gateway's Lettuce threads (its event loop above all) and how busy its core was
  local key=$1 port=$2 before after calls_before calls_after lettuce_before lettuce_after
  local busy_before all_before busy_after all_after
  GW_PID=$3
  before=$(cpu_ticks "$VK_PID"); calls_before=$(valkey_calls "$VK_PORT")
  lettuce_before=$(thread_ticks "$GW_PID" lettuce-); read -r busy_before all_before <<< "$(core_jiffies "$GW_CPU")"
  wrk_case "$key" plain64 "http://127.0.0.1:$port" 64 "$DURATION" "$PLAIN_BODY"
  lettuce_after=$(thread_ticks "$GW_PID" lettuce-); read -r busy_after all_after <<< "$(core_jiffies "$GW_CPU")"
  after=$(cpu_ticks "$VK_PID"); calls_after=$(valkey_calls "$VK_PORT")
  local n=${R[$key.plain64.requests]}
  R[$key.plain64.vk_us]=$(us_per_request $((after - before)) "$n")
  R[$key.plain64.vk_calls]=$(awk -v c=$((calls_after - calls_before)) -v n="$n" 'BEGIN {printf "%.2f", (n > 0 ? c / n : 0)}')
  R[$key.plain64.lettuce_us]=$(us_per_request $((lettuce_after - lettuce_before)) "$n" %.1f)
  R[$key.plain64.core_busy]=$(awk -v b=$((busy_after - busy_before)) -v a=$((all_after - all_before)) \
    'BEGIN {printf "%.0f", (a > 0 ? 100 * b / a : 0)}')
}

quota_windows() { local r w; for r in $(seq "$ROUNDS"); do for w in $(seq "$QUOTA_WINDOWS"); do echo "$r.$w"; done; done; }

quota_mode() {
  BUILD_GOAL=package
  need_tools; build_ogem
  [ -n "$VK_BIN" ] || { echo "quota mode needs valkey-server or redis-server (.ci/valkey)" >&2; exit 1; }
  local started load_before r w store stores="memory valkey" head_src=$OGEM_SRC
  local -A port pid
  local fallbacks=0
  if [ -n "${QUOTA_BASE:-}" ]; then   # the "before": that commit's tree, packaged beside
    stores="memory base valkey"
    build_base "$QUOTA_BASE"
  fi
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ); load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  : > "$OUT/wrk.log"
  start_upstream
  start_valkey
  for r in $(seq "$ROUNDS"); do
    # a fresh gateway for each store, all warmed, then measured in turns: the stores' windows see the same moments
    port=(); pid=()
    for store in $stores; do
      port[$store]=$(free_port)
      OGEM_SRC=$head_src; [ "$store" = base ] && OGEM_SRC=$OUT/src-base
      if [ "$store" = memory ]; then start_ogem "${port[$store]}"; else start_ogem "${port[$store]}" "127.0.0.1:$VK_PORT"; fi
      pid[$store]=$OGEM_PID; GW_PID=$OGEM_PID
      warm "http://127.0.0.1:${port[$store]}" "$WARMUP"
    done
    for w in $(seq "$QUOTA_WINDOWS"); do
      for store in $stores; do quota_window "$store$r.$w" "${port[$store]}" "${pid[$store]}"; done
    done
    for w in $(seq "$QUOTA_WINDOWS"); do
      for store in $stores; do
        GW_PID=${pid[$store]}
        wrk_case "$store$r.$w" plain1 "http://127.0.0.1:${port[$store]}" 1 "$DURATION" "$PLAIN_BODY"
      done
    done
    for store in $stores; do   # admissions served from local limits because a Valkey call failed or timed out
      [ "$store" = memory ] || fallbacks=$((fallbacks + $(curl -s -H "Authorization: Bearer $GATEWAY_KEY" \
        "http://127.0.0.1:${port[$store]}/v1/status" | grep -o '"fallbacks": *[0-9]*' | grep -o '[0-9]*$' || echo 0)))
      stop "${pid[$store]}"
    done
  done
  "$VK_CLI" -p "$VK_PORT" info commandstats | grep -E 'evalsha|cmdstat_eval:' | tr -d '\r' > "$OUT/valkey-commandstats.txt" || true
  {
    echo "ogem quota: in-memory state against Valkey  $started  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'), OGEM_SOURCE=$OGEM_SOURCE)"
    echo "settings: ROUNDS=$ROUNDS QUOTA_WINDOWS=$QUOTA_WINDOWS WARMUP=${WARMUP}s DURATION=${DURATION}s; ogem on CPU $GW_CPU, upstream+wrk+Valkey on CPU $LOAD_CPU; ${JVM_FLAGS[*]}"
    [ -z "${QUOTA_BASE:-}" ] || echo "base (before): $(git -C "$ROOT" rev-parse --short "$QUOTA_BASE") on Valkey, in each round between memory and valkey"
    echo "load average (1/5/15 min): before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-6s %9s %9s %7s %13s %13s %9s %9s %8s %8s %7s %7s %10s %9s %8s\n' r.w "mem c=64" "vk c=64" "vk/mem" \
      "mem c=1 p50/99" "vk c=1 p50/99" "+p50 ms" "+p99 ms" "mem µs" "vk µs" "vk-srv µs" "scr/req" \
      "lettuce µs" "core m/v" "per core"
    for r in $(quota_windows); do
      awk -v m64="${R[memory$r.plain64.rps]}" -v v64="${R[valkey$r.plain64.rps]}" \
        -v m50="${R[memory$r.plain1.p50]}" -v m99="${R[memory$r.plain1.p99]}" \
        -v v50="${R[valkey$r.plain1.p50]}" -v v99="${R[valkey$r.plain1.p99]}" \
        -v mc="${R[memory$r.plain64.cpu_us]}" -v vc="${R[valkey$r.plain64.cpu_us]}" -v vs="${R[valkey$r.plain64.vk_us]}" -v r="$r" \
        -v vk="${R[valkey$r.plain64.vk_calls]}" -v lt="${R[valkey$r.plain64.lettuce_us]}" \
        -v mb="${R[memory$r.plain64.core_busy]}" -v vb="${R[valkey$r.plain64.core_busy]}" \
        'BEGIN {printf "%-6s %9.0f %9.0f %6.0f%% %6.2f/%-6.2f %6.2f/%-6.2f %9.2f %9.2f %8s %8s %7s %7s %10s %4s/%-4s %7.0f%%\n", r, m64, v64, 100 * v64 / m64,
          m50 / 1000, m99 / 1000, v50 / 1000, v99 / 1000, (v50 - m50) / 1000, (v99 - m99) / 1000, mc, vc, vs, vk,
          lt, mb, vb, (mb > 0 && vb > 0 ? 100 * (v64 / vb) / (m64 / mb) : 0)}'
    done | tee "$OUT/quota-rounds.txt"
    local ratio p50 p99
    ratio=$(awk '{print $4 + 0}' "$OUT/quota-rounds.txt" | median)
    p50=$(awk '{print $7}' "$OUT/quota-rounds.txt" | median)
    p99=$(awk '{print $8}' "$OUT/quota-rounds.txt" | median)
    echo
    echo "median Valkey/memory rate at c=64: ${ratio}%  (goal >= 85%: $(verdict "$ratio" '>=' 85))"
    echo "median added at c=1: p50 +${p50} ms (goal <= 0.1: $(verdict "$p50" '<=' 0.1)), p99 +${p99} ms (goal <= 0.3: $(verdict "$p99" '<=' 0.3))"
    echo "median gateway CPU a request at c=64: memory $(awk '{print $9}' "$OUT/quota-rounds.txt" | median) µs," \
      "Valkey $(awk '{print $10}' "$OUT/quota-rounds.txt" | median) µs, of which Lettuce's threads" \
      "$(awk '{print $13}' "$OUT/quota-rounds.txt" | median) µs; rate a busy gateway core (\"per core\"," \
      "Valkey/memory): $(awk '{print $15 + 0}' "$OUT/quota-rounds.txt" | median)%"
    echo "Valkey command stats: $(tr '\n' ' ' < "$OUT/valkey-commandstats.txt")"
    if [ -n "${QUOTA_BASE:-}" ]; then
      echo
      echo "base $QUOTA_BASE on Valkey, same rounds:"
      for r in $(quota_windows); do
        awk -v m64="${R[memory$r.plain64.rps]}" -v v64="${R[base$r.plain64.rps]}" -v m50="${R[memory$r.plain1.p50]}" \
          -v m99="${R[memory$r.plain1.p99]}" -v v50="${R[base$r.plain1.p50]}" -v v99="${R[base$r.plain1.p99]}" \
          -v vc="${R[base$r.plain64.cpu_us]}" -v vs="${R[base$r.plain64.vk_us]}" -v vk="${R[base$r.plain64.vk_calls]}" -v r="$r" \
          'BEGIN {printf "%-6s %3.0f%% of memory, c=64 %6.0f req/s, c=1 +p50 %.2f ms +p99 %.2f ms, ogem %s µs/req, Valkey %s µs/req, %s script calls/req\n",
            r, 100 * v64 / m64, v64, (v50 - m50) / 1000, (v99 - m99) / 1000, vc, vs, vk}'
      done | tee "$OUT/quota-base-rounds.txt"
      echo "median base/memory rate at c=64: $(awk '{print $2 + 0}' "$OUT/quota-base-rounds.txt" | median)%"
    fi
    echo "errors (socket/non-2xx): $(for k in "${!R[@]}"; do case $k in *.errors|*.non2xx) echo "${R[$k]}";; esac; done | awk '{s += $1} END {print s + 0}')"
    echo "admissions on local limits after a failed or late Valkey call (/v1/status fallbacks): $fallbacks"
  } | tee "$OUT/quota-table.txt"
}

# ---------------------------------------------------------------- fleet: 1, 2, 4 instances
fleet_run() {   # STORE ENDPOINT VALKEY_MODE N: N instances; total rate, then the limited bucket
  local store=$1 endpoint=$2 vmode=$3 n=$4 i ports=() pids=() conns tmp rate=0 admitted=0 refused=0 p50s
  conns=$(( CONNECTIONS / n > 0 ? CONNECTIONS / n : 1 ))
  local rate_key="limited-$store-$n-$RANDOM"   # one fresh bucket, shared by the instances of this run
  for i in $(seq "$n"); do
    ports+=("$(free_port)")
    OGEM_RPM=$FLEET_RPM OGEM_RATE_KEY=$rate_key OGEM_VALKEY_MODE=$vmode \
      OGEM_LOG="$OUT/ogem-fleet-$store-$n-$i.log" start_ogem "${ports[-1]}" "$endpoint"
    pids+=("$OGEM_PID")
  done
  # each instance its own full warm-up: instances share one core, and each JIT needs its own time to settle
  for i in $(seq "$n"); do warm "http://127.0.0.1:${ports[$((i - 1))]}" "$WARMUP"; done
  tmp=$(mktemp -d "$OUT/fleet-XXXX")
  local t0 t1
  t0=$(valkey_ticks ${FLEET_VK_PIDS[@]+"${FLEET_VK_PIDS[@]}"})
  for i in $(seq "$n"); do   # all instances at once, each with its share of the connections
    BODY_FILE=$PLAIN_BODY GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU wrk -t1 -c"$conns" -d"${DURATION}s" --timeout 10s \
      -s "$BENCH/post.lua" "http://127.0.0.1:${ports[$((i - 1))]}" > "$tmp/plain-$i.txt" 2>&1 &
  done
  wait_children "$tmp" plain "$n"
  t1=$(valkey_ticks ${FLEET_VK_PIDS[@]+"${FLEET_VK_PIDS[@]}"})
  rate=$(cat "$tmp"/plain-*.txt | grep '^RESULT' | sed 's/.*rps=\([0-9.]*\).*/\1/' | awk '{s += $1} END {printf "%.0f", s}')
  local requests
  requests=$(cat "$tmp"/plain-*.txt | grep '^RESULT' | sed 's/.*requests=\([0-9]*\).*/\1/' | awk '{s += $1} END {print s}')
  p50s=$(cat "$tmp"/plain-*.txt | grep '^RESULT' | sed 's/.*p50=\([0-9]*\).*/\1/' | median)
  local limited_body=$OUT/body-limited.json
  sed 's/bench-model/limited-model/' "$PLAIN_BODY" > "$limited_body"
  for i in $(seq "$n"); do
    BODY_FILE=$limited_body GATEWAY_KEY=$GATEWAY_KEY taskset -c $LOAD_CPU wrk -t1 -c"$conns" -d"${LIMIT_SECONDS}s" --timeout 10s \
      -s "$BENCH/post.lua" "http://127.0.0.1:${ports[$((i - 1))]}" > "$tmp/limited-$i.txt" 2>&1 &
  done
  wait_children "$tmp" limited "$n"
  local all non2xx
  all=$(cat "$tmp"/limited-*.txt | grep '^RESULT' | sed 's/.*requests=\([0-9]*\).*/\1/' | awk '{s += $1} END {print s}')
  non2xx=$(cat "$tmp"/limited-*.txt | grep '^RESULT' | sed 's/.*non2xx=\([0-9]*\).*/\1/' | awk '{s += $1} END {print s}')
  admitted=$((all - non2xx)); refused=$non2xx
  local fallbacks=0 pid port f verdict_text
  for port in "${ports[@]}"; do   # calls that fell back to local limits (a Valkey timeout or error), per /v1/status
    f=$(curl -s -H "Authorization: Bearer $GATEWAY_KEY" "http://127.0.0.1:$port/v1/status" | grep -o '"fallbacks": *[0-9]*' | grep -o '[0-9]*$')
    fallbacks=$((fallbacks + ${f:-0}))
  done
  for pid in "${pids[@]}"; do stop "$pid"; done
  cat "$tmp"/*.txt >> "$OUT/wrk.log"
  if [ "$store" = memory ]; then verdict_text="per instance"
  elif [ "$admitted" -le "$FLEET_RPM" ]; then verdict_text=PASS
  elif [ "$fallbacks" -gt 0 ] && [ "$admitted" -le $(( (n + 1) * FLEET_RPM )) ]; then verdict_text="outage bound"
  else verdict_text=MISS; fi
  printf '%-8s %3s %10s %9s %12s %10s %9s %9s %9s  %s\n' "$store" "$n" "$rate" "$(awk -v p="$p50s" 'BEGIN {printf "%.2f", p / 1000}')" \
    "$(us_per_request $((t1 - t0)) "$requests")" \
    "$admitted" "$FLEET_RPM" "$refused" "$fallbacks" "$verdict_text" | tee -a "$OUT/fleet-rows.txt"
}

wait_children() {   # DIR KIND N: wait for the N wrk runs of one kind
  local i
  for i in $(seq 600); do
    [ "$(cat "$1"/"$2"-*.txt 2>/dev/null | grep -c '^RESULT')" -ge "$3" ] && return
    sleep 0.5
  done
  echo "wrk runs did not finish ($1)" >&2; exit 1
}

fleet_mode() {
  BUILD_GOAL=package
  need_tools; build_ogem
  [ -n "$VK_BIN" ] || { echo "fleet mode needs valkey-server or redis-server (.ci/valkey)" >&2; exit 1; }
  local started load_before n
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ); load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  : > "$OUT/wrk.log"; : > "$OUT/fleet-rows.txt"
  start_upstream
  local store pid
  for store in $FLEET_STORES; do
    case $store in
      memory)
        FLEET_VK_PIDS=()
        for n in $FLEET_SIZES; do fleet_run memory "" "" "$n"; done ;;
      valkey)
        start_valkey
        FLEET_VK_PIDS=("$VK_PID")
        for n in $FLEET_SIZES; do fleet_run valkey "127.0.0.1:$VK_PORT" standalone "$n"; done
        stop "$VK_PID" ;;
      cluster)
        start_cluster
        FLEET_VK_PIDS=("${CLUSTER_PIDS[@]}")
        for n in $FLEET_SIZES; do fleet_run cluster "$CLUSTER_ENDPOINTS" cluster "$n"; done
        for pid in "${CLUSTER_PIDS[@]}"; do stop "$pid"; done ;;
    esac
  done
  evalsha_bench
  {
    echo "ogem fleet: instances sharing one Valkey or a 3-node cluster  $started  (ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'))"
    echo "settings: WARMUP=${WARMUP}s (each instance) DURATION=${DURATION}s CONNECTIONS=$CONNECTIONS (split) FLEET_RPM=$FLEET_RPM over ${LIMIT_SECONDS}s;"
    echo "          every ogem on CPU $GW_CPU, upstream+wrk+Valkey on CPU $LOAD_CPU; ${JVM_FLAGS[*]}"
    echo "load average (1/5/15 min): before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-8s %3s %10s %9s %12s %10s %9s %9s %9s  %s\n' store n "req/s" "p50 ms" "valkey µs/rq" admitted "rpm" refused fallbacks "admitted ≤ rpm"
    cat "$OUT/fleet-rows.txt"
    echo
    cat "$OUT/evalsha.txt"
  } | tee "$OUT/fleet-table.txt"
}

evalsha_bench() {   # valkey-benchmark: the admission script alone on one node, hot bucket and 1,000 buckets
  local script sha out=$OUT/evalsha.txt bench=${VK_BIN%-server}-benchmark
  : > "$out"
  command -v "$bench" >/dev/null || { echo "no $bench: EVALSHA figure skipped" > "$out"; return; }
  start_valkey
  script=$(cat "$ROOT/ogem-quota/src/main/resources/dev/ogem/quota/valkey/prelude.lua"; echo; \
    cat "$ROOT/ogem-quota/src/main/resources/dev/ogem/quota/valkey/reserve.lua")
  sha=$("$VK_CLI" -p "$VK_PORT" script load "$script" | tr -d '\r')
  local c p
  for c in "1 1" "50 1" "50 16"; do
    read -r conns p <<< "$c"
    taskset -c $LOAD_CPU "$bench" -p "$VK_PORT" -c "$conns" -P "$p" -n 300000 -r 1000000000 -q \
      evalsha "$sha" 2 'ogem:rate:{bench}:log' 'ogem:rate:{bench}:tok' 60000 61000 '' 0 __rand_int__ 100 1000000000 1000000000 0 \
      | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/.*: \([0-9.]* requests per second.*\)/\1/' \
      | sed "s/^/one hot bucket, -c $conns -P $p: /" >> "$out"
  done
  taskset -c $LOAD_CPU "$bench" -p "$VK_PORT" -c 50 -P 16 -n 300000 -r 1000 -q \
    evalsha "$sha" 2 'ogem:rate:{b__rand_int__}:log' 'ogem:rate:{b__rand_int__}:tok' 60000 61000 '' 0 __rand_int__ 100 1000000000 1000000000 0 \
    | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/.*: \([0-9.]* requests per second.*\)/\1/' \
    | sed "s/^/1,000 buckets, -c 50 -P 16: /" >> "$out"
  # eight admissions per call, as ogem sends those that queue behind a call in flight (calls/s x 8 = admissions/s)
  local eight=() i
  for i in 1 2 3 4 5 6 7 8; do eight+=(__rand_int__ 100 1000000000 1000000000 0); done
  taskset -c $LOAD_CPU "$bench" -p "$VK_PORT" -c 50 -P 1 -n 100000 -r 1000000000 -q \
    evalsha "$sha" 2 'ogem:rate:{bench8}:log' 'ogem:rate:{bench8}:tok' 60000 61000 '' 0 "${eight[@]}" \
    | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/.*: \([0-9.]* requests per second.*\)/\1/' \
    | sed "s/^/one hot bucket, 8 admissions per call, -c 50 -P 1: /" >> "$out"
  echo "(valkey-benchmark on CPU $LOAD_CPU with the server; the script as ogem sends it: reserve.lua with the prelude)" >> "$out"
  stop "$VK_PID"
}
