-- Admission into one bucket: an exact sliding-window log, one atomic call.
-- KEYS[1]    = ZSET log   (member = reservation id, score = admission time in ms)
-- KEYS[2]    = HASH tokens (field = reservation id -> tokens, field '_sum' -> total of the window)
-- KEYS[3..n] = cooldown keys (STRING deadline in epoch ms), checked first, in order. On a cluster only
--              those in the bucket's slot are here (a script may not touch two slots); the others are
--              read beside this call with cooldown_get.lua, and unreserve.lua takes back an admission
--              that one of them forbids (see Keys)
-- ARGV       = id, tokens, rpm (0 = unlimited), tpm (0 = unlimited), window ms, key ttl ms, now ('' = TIME),
--              then pairs (id, actual tokens): settlements of this bucket's earlier reservations, applied
--              first whatever the answer (as settle.lua does), so a settlement costs no command of its own
-- Returns {1, now} when admitted, {0, wait ms} when refused, {2, i, left ms} when the i-th cooldown key
-- (1-based) still cools down. Nothing is counted unless admitted; rpm = tpm = 0 admits without a log.
local log, tok = KEYS[1], KEYS[2]
local id, tokens = ARGV[1], tonumber(ARGV[2])
local rpm, tpm = tonumber(ARGV[3]), tonumber(ARGV[4])
local window, ttl = tonumber(ARGV[5]), tonumber(ARGV[6])
local now = now_ms(ARGV[7])
local cutoff = now - window

local settled = false
for i = 8, #ARGV, 2 do
  local old = redis.call('HGET', tok, ARGV[i])
  if old then
    redis.call('HSET', tok, ARGV[i], ARGV[i + 1])
    redis.call('HINCRBY', tok, '_sum', tonumber(ARGV[i + 1]) - tonumber(old))
    settled = true
  end
end
-- keys live ttl ms after their last write
local function touch()
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', tok, ttl)
end

for i = 3, #KEYS do
  local deadline = redis.call('GET', KEYS[i])
  if deadline and tonumber(deadline) > now then
    if settled then touch() end
    return {2, i - 2, tonumber(deadline) - now}
  end
end
if rpm == 0 and tpm == 0 then
  if settled then touch() end
  return {1, now}
end

-- Entries made at or before now - window have left the window: drop them and their tokens.
local expired = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff)
if #expired > 0 then
  local freed = 0
  for i = 1, #expired, 500 do
    local ids = {}
    for j = i, math.min(i + 499, #expired) do ids[#ids + 1] = expired[j] end
    for _, v in ipairs(redis.call('HMGET', tok, unpack(ids))) do freed = freed + (tonumber(v) or 0) end
    redis.call('HDEL', tok, unpack(ids))
  end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', cutoff)
  redis.call('HINCRBY', tok, '_sum', -freed)
end

local count = redis.call('ZCARD', log)
local sum = tonumber(redis.call('HGET', tok, '_sum') or '0')
local wait = 0
if rpm > 0 and count >= rpm then
  -- the (count - rpm)-th oldest entry must leave before one more request fits
  local e = redis.call('ZRANGE', log, count - rpm, count - rpm, 'WITHSCORES')
  wait = tonumber(e[2]) + window - now
end
if tpm > 0 and sum + tokens > tpm then
  local need = sum + tokens - tpm
  local w = window
  local start = 0
  while need > 0 do
    local page = redis.call('ZRANGE', log, start, start + 199, 'WITHSCORES')
    if #page == 0 then break end
    local ids = {}
    for i = 1, #page, 2 do ids[#ids + 1] = page[i] end
    local amounts = redis.call('HMGET', tok, unpack(ids))
    for k = 1, #ids do
      need = need - (tonumber(amounts[k]) or 0)
      if need <= 0 then
        w = tonumber(page[2 * k]) + window - now
        break
      end
    end
    start = start + 200
  end
  if w > wait then wait = w end
end
if wait > 0 then
  if settled then touch() end
  return {0, wait}
end

redis.call('ZADD', log, now, id)
redis.call('HSET', tok, id, tokens)
redis.call('HINCRBY', tok, '_sum', tokens)
touch()
return {1, now}
