# bench/rtt.sh: the rtt mode of bench/run, sourced by it (uses its functions and knobs).
#
#   bench/run rtt    the floor under a Valkey admission at c=1 on this machine: one Valkey server on the load's CPU
#                    (as in the quota mode), then the round trip of one EVALSHA (a one-line script), one call at a
#                    time, from valkey-benchmark (C, no JVM) on the server's own CPU and on the gateway's CPU, and
#                    from a JVM on the gateway's CPU (rtt/ValkeyRoundTrip.java: Lettuce as ogem calls it, and a
#                    bare blocking socket), RTT_ROUNDS (3) times. ogem's "Valkey adds X ms at c=1" (bench/run quota)
#                    contains one such round trip; this shows how much of it the machine and the client library
#                    take before ogem does anything.
#
# Knobs: RTT_CALLS (30000 per way and round), RTT_ROUNDS (3), GATEWAY_JVM_FLAGS, OGEM_SOURCE, SKIP_BUILD.
# Results: out/rtt-table.txt.

RTT_CALLS=${RTT_CALLS:-30000}
RTT_ROUNDS=${RTT_ROUNDS:-3}

rtt_mode() {
  VALKEY=1 need_tools
  BUILD_FLAGS=-Dogem.image.skip=true BUILD_GOAL=package build_ogem
  local sha i cpu line
  start_valkey
  sha=$("$VK_CLI" -p "$VK_PORT" script load "return redis.call('INCR', KEYS[1])")
  STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  {
    echo "Valkey round trip at c=1  $STARTED  (server on CPU $LOAD_CPU; ogem $(cat "$OUT/ogem-commit" 2>/dev/null || echo '?'))"
    echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1); the JVM with ${JVM_FLAGS[*]}"
    echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "p50/p99 in microseconds of one EVALSHA, one call at a time ($RTT_CALLS calls per way, the second half counted)"
    echo
    for i in $(seq "$RTT_ROUNDS"); do
      for cpu in $LOAD_CPU $GW_CPU; do
        line=$(taskset -c "$cpu" "${VK_BIN%-server}-benchmark" -p "$VK_PORT" -c 1 -n "$RTT_CALLS" -q EVALSHA "$sha" 1 rtt 2>/dev/null \
          | tr '\r' '\n' | grep -o 'p50=[0-9.]*' | tail -1)
        printf 'round %s  %-34s p50_us=%s\n' "$i" "valkey-benchmark on CPU $cpu" \
          "$(awk -v m="${line#p50=}" 'BEGIN {printf "%.0f", m * 1000}')"
      done
      taskset -c $GW_CPU java "${JVM_FLAGS[@]}" -cp "$OGEM_SRC/ogem-server/target/libs/*" "$BENCH/rtt/ValkeyRoundTrip.java" \
        "$VK_PORT" "$RTT_CALLS" 2>/dev/null | grep '^RTT' | while read -r _ way p50 p99; do
          printf 'round %s  %-34s %s %s\n' "$i" "JVM on CPU $GW_CPU: $way" "$p50" "$p99"
        done
    done
  } | tee "$OUT/rtt-table.txt"
}
