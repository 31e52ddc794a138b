-- wrk script for bench/run.py.
-- With BENCH_PATHS set (paths, one per line) each connection cycles through them, starting at a
-- different place; otherwise it requests the URL given to wrk. At the end it prints one line,
-- "RESULT {...}", with the latency percentiles (microseconds), requests, duration and errors
-- (connection errors, timeouts and every response with a status of 400 or more).

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^\n]+") do
  paths[#paths + 1] = path
end
local counter = 0

init = function(args)
  counter = math.random(1, math.max(#paths, 1))
end

if #paths > 0 then
  request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "duration": %d, "errors": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
end
