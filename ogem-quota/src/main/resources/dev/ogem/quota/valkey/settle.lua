-- Replaces a reservation's tokens with the real usage (0 = release). No-op once it left the window.
-- KEYS[1] = ZSET log, KEYS[2] = HASH tokens; ARGV = id, actual tokens, key ttl ms
-- Returns 1 when settled, 0 when the reservation is gone.
local old = redis.call('HGET', KEYS[2], ARGV[1])
if not old then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], '_sum', tonumber(ARGV[2]) - tonumber(old))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
