-- wrk script for the load benchmark. With PACE_DELAY_MS set, every connection waits that
-- long after each response before its next request, so that the offered rate is about
-- connections * 1000 / PACE_DELAY_MS requests per second, below saturation. Without it,
-- wrk drives the server as fast as it answers. Either way, the summary is printed as one
-- JSON line for the harness.

local pace_ms = tonumber(os.getenv("PACE_DELAY_MS") or "0")

if pace_ms > 0 then
  function delay()
    return pace_ms
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'LOADBENCH {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
