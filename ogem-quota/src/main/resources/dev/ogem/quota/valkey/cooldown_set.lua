-- Cools a key down until now + ms, unless it already cools down longer. The value is the deadline.
-- KEYS[1] = cooldown key; ARGV = ms, now ('' = TIME). Returns 1 when the deadline moved, else 0.
local ms = tonumber(ARGV[1])
local deadline = now_ms(ARGV[2]) + ms
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if old >= deadline then
  return 0
end
redis.call('SET', KEYS[1], string.format('%d', deadline), 'PX', ms)
return 1
