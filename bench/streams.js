// Concurrent stream client: holds C streams open for D seconds (a finished stream is replaced at
// once), and measures per stream the time to the first event and the largest gap between events.
// wrk cannot see inside a response, hence this.
//
//   node streams.js URL CONCURRENCY DURATION_S BODY_FILE [STALL_MS]
//
// Prints one line: RESULT streams=.. failed=.. ttft_p50=.. ttft_p99=.. ttft_max=.. gap_p50=..
// gap_p99=.. gap_max=.. stalls=..  (milliseconds; gap_* over each stream's largest gap; a stall is
// a failed or unfinished stream, or one whose largest gap exceeds STALL_MS).
'use strict';
const http = require('http');
const fs = require('fs');

const [url, conc, dur, bodyFile, stallArg] = process.argv.slice(2);
const target = new URL(url);
const concurrency = Number(conc);
const durationMs = Number(dur) * 1000;
const stallMs = Number(stallArg || 1000);
const body = fs.readFileSync(bodyFile);
const key = process.env.GATEWAY_KEY;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });

const ttfts = [];
const gaps = [];
let failed = 0;
let stalls = 0;
let inFlight = 0;
const start = Date.now();
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function one() {
  inFlight++;
  const t0 = nowMs();
  let last = 0;
  let maxGap = 0;
  let first = -1;
  let pending = '';
  let sawDone = false;
  let finished = false;
  const finish = (ok) => {
    if (finished) return;
    finished = true;
    inFlight--;
    if (ok && first >= 0 && sawDone) {
      ttfts.push(first);
      gaps.push(maxGap);
      if (maxGap > stallMs) stalls++;
    } else {
      failed++;
      stalls++;
    }
    next();
  };
  const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (key) headers.Authorization = 'Bearer ' + key;
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
    headers, agent }, (res) => {
    if (res.statusCode !== 200) { res.resume(); res.on('end', () => finish(false)); return; }
    res.setEncoding('utf8');
    res.on('data', (text) => {
      pending += text;
      let at;
      while ((at = pending.indexOf('\n\n')) >= 0) {
        const event = pending.slice(0, at);
        pending = pending.slice(at + 2);
        const t = nowMs();
        if (first < 0) first = t - t0; else maxGap = Math.max(maxGap, t - last);
        last = t;
        if (event.startsWith('data: [DONE]')) sawDone = true;
      }
    });
    res.on('end', () => finish(true));
    res.on('error', () => finish(false));
  });
  req.on('error', () => finish(false));
  req.end(body);
}

function next() {
  if (Date.now() - start < durationMs) one();
  else if (inFlight === 0) report();
}

function pct(values, p) {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const f = (v) => v.toFixed(1);
  console.log(`RESULT streams=${ttfts.length} failed=${failed} ttft_p50=${f(pct(ttfts, 50))} ` +
    `ttft_p99=${f(pct(ttfts, 99))} ttft_max=${f(pct(ttfts, 100))} gap_p50=${f(pct(gaps, 50))} ` +
    `gap_p99=${f(pct(gaps, 99))} gap_max=${f(pct(gaps, 100))} stalls=${stalls} unfinished=${inFlight}`);
  process.exit(0);
}

// open the streams a few at a time so the first connect burst does not itself look like a stall
let opened = 0;
const opener = setInterval(() => {
  for (let i = 0; i < 50 && opened < concurrency; i++, opened++) one();
  if (opened >= concurrency) clearInterval(opener);
}, 10);
// bounded: whatever is still open 60 s after the end counts as unfinished (a stall)
setTimeout(() => { stalls += inFlight; report(); }, durationMs + 60000).unref();
