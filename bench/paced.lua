-- wrk script: each connection waits between requests so that all together send about RATE
-- requests a second; prints p50, p95 and p99 latency (ms) as one JSON line at the end.
local rate = tonumber(os.getenv("RATE") or "100")
local connections = tonumber(os.getenv("CONNECTIONS") or "8")
local cookie = os.getenv("COOKIE")

function request()
  local headers = {}
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", nil, headers)
end

function delay()
  return 1000 * connections / rate
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "errors": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
