-- wrk script: as fast as it goes, with an optional cookie; prints requests/s and errors as JSON.
local cookie = os.getenv("COOKIE")

function request()
  local headers = {}
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", nil, headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format('{"rps": %.1f, "requests": %d, "errors": %d, "non2xx": %d}\n',
    summary.requests / seconds, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
