-- wrk script for the load benchmark, in one of three modes, set by the environment:
--   PACE_DELAY_MS   every connection waits that long after each response before its next
--                   request, so the offered rate is about connections * 1000 / PACE_DELAY_MS
--                   requests per second, below saturation;
--   RATE_PER_S      requests leave at that rate in all, whatever the latency, as long as the
--                   connections keep up (beyond that, the server's own saturation);
--   neither         wrk drives the server as fast as it answers.
-- Either way, the summary is printed as one JSON line for the harness.

local pace_ms = tonumber(os.getenv("PACE_DELAY_MS") or "0")

local rate = tonumber(os.getenv("RATE_PER_S") or "0")

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } loadbench_timespec;
    int clock_gettime(int clock_id, loadbench_timespec *tp);
  ]]
  local CLOCK_MONOTONIC = 1
  local now = ffi.new("loadbench_timespec")
  local interval_ms = 1000 / rate
  local next_ms

  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end

  -- One schedule shared by every connection of the thread (run wrk with -t1). Requests that
  -- could not leave on time (wrk descheduled, every connection waiting for a response) leave
  -- as soon as they can, up to CATCH_UP_MS late; beyond that the schedule moves on, so a
  -- server that cannot keep up sees saturation, not an ever-growing burst.
  local CATCH_UP_MS = 200
  function delay()
    local t = now_ms()
    if next_ms == nil or next_ms < t - CATCH_UP_MS then
      next_ms = t
    end
    local wait = next_ms - t
    next_ms = next_ms + interval_ms
    return math.max(0, math.floor(wait))
  end
elseif pace_ms > 0 then
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
