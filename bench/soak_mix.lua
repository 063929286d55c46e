-- wrk script of the soak benchmark: cycles through the requests of the mix (bench/soak_mix.py),
-- each thread from its own offset, paced to SOAK_RATE requests per second in total over all
-- connections (wrk's delay() takes whole milliseconds; the fraction is carried over so that the
-- average rate is exact).
local requests = {}
local next_index = 1
local carry = 0
local per_connection_ms = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("SOAK_MIX"), "r"))
  for line in file:lines() do
    local method, path, body, header = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    local headers = {}
    local name, value = header:match("^([^:]+): (.*)$")
    if name then headers[name] = value end
    table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
  end
  file:close()
  next_index = 1 + (offset * 7919) % #requests
  local rate = tonumber(os.getenv("SOAK_RATE"))
  local connections = tonumber(os.getenv("SOAK_CONNECTIONS"))
  per_connection_ms = connections * 1000 / rate
end

function delay()
  carry = carry + per_connection_ms
  local whole = math.floor(carry)
  carry = carry - whole
  return whole
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
