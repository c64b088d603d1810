// The soak's load client: mixed traffic against one gateway for D seconds, each kind from its own
// clients sending one request after the other, and a line every REPORT seconds.
//
//   node soak.js BASE_URL DURATION_S REPORT_S
//
// Kinds (concurrency from the environment):
//   plain    (SOAK_PLAIN=4)     bench-model, a plain completion: expects 200 and a chat.completion
//   stream   (SOAK_STREAM=32)   bench-model streamed, SOAK_CHUNKS (10) events SOAK_GAP_MS (50) apart:
//                              expects 200 and data: [DONE], no error event
//   failing  (SOAK_FAILING=2)  failing-model, whose upstream answers 500: expects an OpenAI error (4xx/5xx)
//   fallback (SOAK_FALLBACK=2) "failing-model,bench-model": expects 200 from the second entry
// Anything else (another status, a socket error, no answer within 30 s) is an unexpected outcome.
// Prints INTERVAL lines (t, then per kind done/unexpected) and at the end one RESULT line per kind:
// requests, unexpected, statuses seen, p50/p99/p999/max in microseconds.
'use strict';
const http = require('http');

const [base, dur, rep] = process.argv.slice(2);
const target = new URL(base);
const durationMs = Number(dur) * 1000;
const reportMs = Number(rep || 30) * 1000;
const key = process.env.GATEWAY_KEY;
const env = (name, dflt) => Number(process.env[name] || dflt);
const chunks = env('SOAK_CHUNKS', 10);
const gap = env('SOAK_GAP_MS', 50);
const question = [{ role: 'user', content: 'Say hello in one short sentence.' }];

const kinds = {
  plain: { conc: env('SOAK_PLAIN', 4), body: { model: 'bench-model', messages: question, max_tokens: 32 },
    ok: (s, b) => s === 200 && b.includes('"chat.completion"') },
  stream: { conc: env('SOAK_STREAM', 32),
    body: { model: 'bench-model', stream: true, bench_chunks: chunks, bench_gap_ms: gap, messages: question },
    ok: (s, b) => s === 200 && b.includes('data: [DONE]') && !b.includes('"error"') },
  failing: { conc: env('SOAK_FAILING', 2), body: { model: 'failing-model', messages: question },
    ok: (s, b) => s >= 400 && s < 600 && b.includes('"error"') && b.includes('"message"') },
  fallback: { conc: env('SOAK_FALLBACK', 2), body: { model: 'failing-model,bench-model', messages: question },
    ok: (s, b) => s === 200 && b.includes('"chat.completion"') },
};

// latency histogram: 10 us buckets up to 30 s
const BUCKET_US = 10;
const BUCKETS = 3_000_000;
for (const [name, k] of Object.entries(kinds)) {
  k.name = name;
  k.payload = Buffer.from(JSON.stringify(k.body));
  k.hist = new Uint32Array(BUCKETS);
  k.done = 0; k.unexpected = 0; k.lastDone = 0; k.lastUnexpected = 0; k.max = 0;
  k.statuses = {};
  k.samples = [];   // the first few unexpected outcomes, for the log
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const start = Date.now();
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
let running = 0;

function record(k, status, body, t0) {
  const us = nowUs() - t0;
  k.hist[Math.min(BUCKETS - 1, Math.floor(us / BUCKET_US))]++;
  if (us > k.max) k.max = us;
  k.done++;
  k.statuses[status] = (k.statuses[status] || 0) + 1;
  if (!k.ok(status, body)) {
    k.unexpected++;
    if (k.samples.length < 5) k.samples.push(status + ' ' + String(body).slice(0, 200));
  }
}

function one(k) {
  if (Date.now() - start >= durationMs) { if (--running === 0) finish(); return; }
  const t0 = nowUs();
  const headers = { 'Content-Type': 'application/json', 'Content-Length': k.payload.length };
  if (key) headers.Authorization = 'Bearer ' + key;
  let settled = false;
  const settle = (status, body) => {
    if (settled) return;
    settled = true;
    record(k, status, body, t0);
    setImmediate(() => one(k));
  };
  const req = http.request({ host: target.hostname, port: target.port, path: '/v1/chat/completions', method: 'POST',
    headers, agent, timeout: 30_000 }, (res) => {
    const parts = [];
    res.setEncoding('utf8');
    res.on('data', (d) => parts.push(d));
    res.on('end', () => settle(res.statusCode, parts.join('')));
    res.on('error', (e) => settle('reset', e.message));
  });
  req.on('timeout', () => { req.destroy(new Error('no answer within 30 s')); });
  req.on('error', (e) => settle('socket', e.message));
  req.end(k.payload);
}

function percentile(k, p) {
  const want = Math.ceil(k.done * p);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += k.hist[i];
    if (seen >= want && want > 0) return (i + 1) * BUCKET_US;
  }
  return 0;
}

const reporter = setInterval(() => {
  const parts = [`t=${Math.round((Date.now() - start) / 1000)}`];
  for (const k of Object.values(kinds)) {
    parts.push(`${k.name}=${k.done - k.lastDone}/${k.unexpected - k.lastUnexpected}`);
    k.lastDone = k.done; k.lastUnexpected = k.unexpected;
  }
  console.log('INTERVAL ' + parts.join(' '));
}, reportMs);

function finish() {
  clearInterval(reporter);
  for (const k of Object.values(kinds)) {
    const statuses = Object.entries(k.statuses).map(([s, n]) => `${s}:${n}`).join(',');
    console.log(`RESULT kind=${k.name} requests=${k.done} unexpected=${k.unexpected} statuses=${statuses} `
      + `p50=${percentile(k, 0.5)} p99=${percentile(k, 0.99)} p999=${percentile(k, 0.999)} max=${k.max}`);
    for (const s of k.samples) console.log(`UNEXPECTED kind=${k.name} ${s.replace(/\s+/g, ' ')}`);
  }
  agent.destroy();
}

for (const k of Object.values(kinds)) {
  for (let i = 0; i < k.conc; i++) { running++; one(k); }
}
if (running === 0) finish();
