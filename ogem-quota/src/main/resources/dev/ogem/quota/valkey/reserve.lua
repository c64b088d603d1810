-- Admissions into one bucket: an exact sliding-window log, one atomic call for one admission or for
-- several that arrived together (decided one after the other, in order, exactly as separate calls at
-- the same instant would be).
-- KEYS[1]    = ZSET log   (member = reservation id, score = admission time in ms)
-- KEYS[2]    = HASH tokens (field = reservation id -> tokens, field '_sum' -> total of the window)
-- KEYS[3..n] = cooldown keys (STRING deadline in epoch ms) the admissions name, each once. On a cluster
--              only those in the bucket's slot are here (a script may not touch two slots); the others
--              are read beside this call with cooldown_get.lua, and unreserve.lua takes back an admission
--              that one of them forbids (see Keys)
-- ARGV       = window ms, key ttl ms, now ('' = TIME), s, then s pairs (id, actual tokens): settlements of
--              this bucket's earlier reservations, applied first whatever the answers (as settle.lua does),
--              so a settlement costs no command of its own; then per admission: id, tokens, rpm
--              (0 = unlimited), tpm (0 = unlimited), c, and c indexes into KEYS: its cooldown keys, in order
-- Returns three numbers per admission: {1, now, 0} when admitted, {0, wait ms, 0} when refused,
-- {2, j, left ms} when its j-th cooldown key (1-based) still cools down. Nothing is counted unless
-- admitted; rpm = tpm = 0 admits without a log.
local log, tok = KEYS[1], KEYS[2]
local window, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = now_ms(ARGV[3])
local cutoff = now - window
local delta = 0         -- change of '_sum' not written yet: one HINCRBY at the end
local written = false   -- whether the keys need their time to live renewed

local a = 5
for _ = 1, tonumber(ARGV[4]) do
  local old = redis.call('HGET', tok, ARGV[a])
  if old then
    redis.call('HSET', tok, ARGV[a], ARGV[a + 1])
    delta = delta + tonumber(ARGV[a + 1]) - tonumber(old)
    written = true
  end
  a = a + 2
end

local deadlines = {}    -- each cooldown key read once per call
local function cooling(k)
  if deadlines[k] == nil then
    deadlines[k] = tonumber(redis.call('GET', KEYS[k]) or '0')
  end
  return deadlines[k] - now
end

-- The window as it stands, read once, at the first admission that needs it: entries made at or before
-- now - window have left it. A call drops at most DROP_MOST of them with their tokens (after a lull
-- behind heavy traffic there can be hundreds of thousands; dropping them at once kept Valkey busy for
-- half a second); the later calls drop the rest. Until then those stale entries stay first in the log
-- and their tokens in sum: count is exact (ZCARD when all were dropped, ZCOUNT when some may be left),
-- sum counts them too, and wait_for walks them first, which keeps every decision exact (see there).
-- Then count and sum follow each admission.
local DROP_MOST = 1000
local count, sum, stale
local function window_now()
  if count then return end
  local expired = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff, 'LIMIT', 0, DROP_MOST)
  if #expired > 0 then
    for i = 1, #expired, 500 do
      local ids = {}
      for j = i, math.min(i + 499, #expired) do ids[#ids + 1] = expired[j] end
      for _, v in ipairs(redis.call('HMGET', tok, unpack(ids))) do delta = delta - (tonumber(v) or 0) end
      redis.call('HDEL', tok, unpack(ids))
    end
    redis.call('ZREMRANGEBYRANK', log, 0, #expired - 1) -- the same entries: the lowest ranks
  end
  count, stale = redis.call('ZCARD', log), 0
  if #expired == DROP_MOST then -- more may have left the window: count only the entries still in it
    local total = count
    count = redis.call('ZCOUNT', log, '(' .. cutoff, '+inf')
    stale = total - count
  end
  sum = tonumber(redis.call('HGET', tok, '_sum') or '0') + delta
end

-- The tpm walk goes from the oldest entry, stale ones first: their tokens are in sum too, so reaching
-- one means the window without them has room (its time is past, so the wait stays 0), and reaching a
-- live one gives the exact wait. The walk is kept for the rest of the call: totals[i] is the tokens of
-- the i oldest entries, times[i] the i-th one's time. A refusal changes nothing, so the refusals that
-- follow (a bucket over its tpm, every admission of the call refused) read it instead of walking the
-- log again; an admission adds an entry and starts it afresh.
local PAGE = 200 -- entries read at a time
local totals, times, walked_all = {}, {}, false
local function covered() return totals[#totals] or 0 end
local function tpm_wait(need)
  while not walked_all and covered() < need do
    local page = redis.call('ZRANGE', log, #totals, #totals + PAGE - 1, 'WITHSCORES')
    walked_all = #page < 2 * PAGE -- an id and a score an entry
    if #page > 0 then
      local ids = {}
      for i = 1, #page, 2 do ids[#ids + 1] = page[i] end
      local amounts = redis.call('HMGET', tok, unpack(ids))
      for k = 1, #ids do
        totals[#totals + 1] = covered() + (tonumber(amounts[k]) or 0)
        times[#times + 1] = tonumber(page[2 * k])
      end
    end
  end
  if covered() < need then return window end -- cannot happen while tokens <= tpm
  local low, high = 1, #totals -- the fewest oldest entries whose tokens cover need
  while low < high do
    local middle = math.floor((low + high) / 2)
    if totals[middle] >= need then high = middle else low = middle + 1 end
  end
  return times[low] + window - now
end

-- The wait before an admission fits, 0 when it fits now.
local function wait_for(tokens, rpm, tpm)
  local wait = 0
  if rpm > 0 and count >= rpm then
    -- the (count - rpm)-th oldest entry in the window must leave before one more request fits
    local e = redis.call('ZRANGE', log, stale + count - rpm, stale + count - rpm, 'WITHSCORES')
    wait = tonumber(e[2]) + window - now
  end
  if tpm > 0 and sum + tokens > tpm then
    wait = math.max(wait, tpm_wait(sum + tokens - tpm))
  end
  return wait
end

local out = {}
while a <= #ARGV do
  local id, tokens = ARGV[a], tonumber(ARGV[a + 1])
  local rpm, tpm, c = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local status, first, second
  for j = 1, c do
    local left = cooling(tonumber(ARGV[a + 4 + j]))
    if left > 0 then
      status, first, second = 2, j, left
      break
    end
  end
  a = a + 5 + c
  if status then
    -- cooling down: nothing counted
  elseif rpm == 0 and tpm == 0 then
    status, first, second = 1, now, 0
  else
    window_now()
    local wait = wait_for(tokens, rpm, tpm)
    if wait > 0 then
      status, first, second = 0, wait, 0
    else
      redis.call('ZADD', log, now, id)
      redis.call('HSET', tok, id, tokens)
      if #totals > 0 or walked_all then totals, times, walked_all = {}, {}, false end -- the walk is stale now
      count = count + 1
      sum = sum + tokens
      delta = delta + tokens
      written = true
      status, first, second = 1, now, 0
    end
  end
  out[#out + 1] = status
  out[#out + 1] = first
  out[#out + 1] = second
end

if delta ~= 0 then
  redis.call('HINCRBY', tok, '_sum', string.format('%d', delta))
end
-- keys live ttl ms after their last write
if written then
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', tok, ttl)
end
return out
