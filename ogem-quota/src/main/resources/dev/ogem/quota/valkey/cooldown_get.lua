-- Remaining cooldown of a key. KEYS[1] = cooldown key; ARGV = now ('' = TIME).
-- Returns the remaining ms, or -1 when the key does not cool down.
local v = redis.call('GET', KEYS[1])
if not v then
  return -1
end
local left = tonumber(v) - now_ms(ARGV[1])
if left <= 0 then
  return -1
end
return left
