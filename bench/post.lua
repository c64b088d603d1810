-- wrk script: POST the JSON body in the file named by $BODY_FILE to $PATH_ (default the
-- completions route), and print one machine-readable line at the end (latencies in microseconds).
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.path = os.getenv("PATH_") or "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("GATEWAY_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50=%d p90=%d p99=%d p999=%d max=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    errors, e.status))
end

-- $MAX_REQUESTS (optional): stop after that many responses (one wrk thread: an exact count, give or
-- take the requests in flight). Only defined when asked for: a response() hook makes wrk parse bodies.
local max = tonumber(os.getenv("MAX_REQUESTS") or "")
if max then
  local seen = 0
  function response()
    seen = seen + 1
    if seen >= max then wrk.thread:stop() end
  end
end
