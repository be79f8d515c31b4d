-- wrk script: rotate through the paths and session cookies in $WRK_DATA (a Lua table file) and
-- write the run's figures as JSON to $WRK_OUT when it ends.
local data = dofile(os.getenv("WRK_DATA"))
local paths, cookies = data.paths, data.cookies
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000))
end

function request()
  counter = counter + 1
  local i = counter + (offset or 0)
  local headers = {}
  if #cookies > 0 then
    headers["Cookie"] = cookies[(i % #cookies) + 1]
  end
  return wrk.format("GET", paths[(i % #paths) + 1], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local out = io.open(os.getenv("WRK_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
  out:close()
end
