-- What a bucket used in the window ending now; reads only (entries past the window are left for the
-- next reservation to drop). KEYS[1] = ZSET log, KEYS[2] = HASH tokens; ARGV = window ms, now ('' = TIME).
-- Returns {requests, tokens} of the entries made after now - window.
local log, tok = KEYS[1], KEYS[2]
local cutoff = now_ms(ARGV[2]) - tonumber(ARGV[1])
local requests = redis.call('ZCOUNT', log, '(' .. cutoff, '+inf')
local sum = tonumber(redis.call('HGET', tok, '_sum') or '0')
local expired = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff)
for i = 1, #expired, 500 do
  local ids = {}
  for j = i, math.min(i + 499, #expired) do ids[#ids + 1] = expired[j] end
  for _, v in ipairs(redis.call('HMGET', tok, unpack(ids))) do sum = sum - (tonumber(v) or 0) end
end
return {requests, sum}
