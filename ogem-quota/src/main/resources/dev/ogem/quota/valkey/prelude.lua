-- Shared by every ogem script. now_ms(arg): the caller's clock when arg is a number (tests),
-- else the server's TIME, so every instance of a fleet decides on one clock.
local function now_ms(arg)
  if arg ~= nil and arg ~= '' then
    return tonumber(arg)
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
