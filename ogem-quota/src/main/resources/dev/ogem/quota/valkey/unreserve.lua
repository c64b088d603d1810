-- Takes an admission back as if it had never been made: the request and its tokens leave the window.
-- Used on a cluster only, when a cooldown key of another slot (read beside the reservation, since one
-- script may not touch two slots) says the candidate must not be called after all.
-- KEYS[1] = ZSET log, KEYS[2] = HASH tokens (one bucket, one slot); ARGV = id
-- Returns 1 when taken back, 0 when the reservation is gone.
local old = redis.call('HGET', KEYS[2], ARGV[1])
if not old then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[2], '_sum', -tonumber(old))
return 1
