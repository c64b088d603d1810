-- Replaces reservations' tokens with the real usage (0 = release). A reservation that left the window
-- is skipped. The admission script applies settlements the same way before it decides; this script
-- sends those that no admission into their bucket took along in time.
-- KEYS[1] = ZSET log, KEYS[2] = HASH tokens (one bucket); ARGV = key ttl ms, then pairs (id, actual tokens)
-- Returns how many were settled.
local settled = 0
for i = 2, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[2], ARGV[i])
  if old then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    redis.call('HINCRBY', KEYS[2], '_sum', tonumber(ARGV[i + 1]) - tonumber(old))
    settled = settled + 1
  end
end
if settled > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return settled
