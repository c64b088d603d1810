// A fast fake OpenAI-protocol upstream for the benchmark (plain Node.js http, no dependencies).
//
//   node upstream.js PORT
//
// POST /v1/chat/completions answers a fixed chat completion, or with "stream": true an SSE stream
// of N chunk events and [DONE]. Knobs travel in the JSON body (ogem forwards unknown fields):
//   "bench_chunks": N      events per stream (default 10)
//   "bench_latency_ms": T  wait before the answer / the first event (default 0)
//   "bench_gap_ms": G      wait between stream events (default 0: all written at once)
// GET /v1/models answers a model list (readiness probe).
// Any route under /fail/STATUS/ (a provider whose base_url is http://127.0.0.1:PORT/fail/500/v1) answers
// that status with an OpenAI error body: a failing upstream for the soak's failing traffic.
'use strict';
const http = require('http');

const port = Number(process.argv[2] || 9000);

const COMPLETION = Buffer.from(JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'bench-model',
  system_fingerprint: 'fp_bench',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?' },
    logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
}));

function chunk(delta, finish) {
  return Buffer.from('data: ' + JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model: 'bench-model',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  }) + '\n\n');
}
const FIRST = chunk({ role: 'assistant', content: '' }, null);
const TOKEN = chunk({ content: 'token ' }, null);
const LAST = chunk({}, 'stop');
const DONE = Buffer.from('data: [DONE]\n\n');
const MODELS = Buffer.from(JSON.stringify({ object: 'list',
  data: [{ id: 'bench-model', object: 'model', created: 1700000000, owned_by: 'bench' }] }));

// A knob from the raw body: a regex, cheaper than JSON.parse and enough for our own bodies.
function knob(body, name, dflt) {
  const m = body.match(new RegExp('"' + name + '"\\s*:\\s*(\\d+)'));
  return m ? Number(m[1]) : dflt;
}

function stream(res, n, gap) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  // events: the role event, n-2 content events, the finish event (n >= 2), then [DONE]
  const events = [FIRST];
  for (let i = 0; i < n - 2; i++) events.push(TOKEN);
  if (n >= 2) events.push(LAST);
  if (gap <= 0) {
    for (const e of events) res.write(e);
    res.end(DONE);
    return;
  }
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) { clearInterval(timer); return; }
    if (i < events.length) { res.write(events[i++]); return; }
    clearInterval(timer);
    res.end(DONE);
  }, gap);
  res.write(events[i++]);
}

const FAIL = /^\/fail\/(\d{3})\//;

http.createServer((req, res) => {
  const fail = req.url.match(FAIL);
  if (fail) {
    req.resume();
    req.on('end', () => {
      res.writeHead(Number(fail[1]), { 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"bench upstream failure","type":"server_error","param":null,"code":null}}');
    });
    return;
  }
  if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': MODELS.length });
    res.end(MODELS);
    return;
  }
  if (req.method !== 'POST' || !req.url.startsWith('/v1/chat/completions')) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":{"message":"no such route","type":"invalid_request_error","param":null,"code":"unknown_url"}}');
    return;
  }
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    const body = Buffer.concat(parts).toString('utf8');
    const streaming = /"stream"\s*:\s*true/.test(body);
    const latency = knob(body, 'bench_latency_ms', 0);
    const answer = () => {
      if (streaming) {
        stream(res, knob(body, 'bench_chunks', 10), knob(body, 'bench_gap_ms', 0));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': COMPLETION.length });
        res.end(COMPLETION);
      }
    };
    if (latency > 0) setTimeout(answer, latency); else answer();
  });
}).listen(port, '127.0.0.1', () => console.log('upstream listening on ' + port));
