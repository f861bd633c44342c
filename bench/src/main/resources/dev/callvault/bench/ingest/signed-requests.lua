-- wrk script: replays pre-signed requests (Twilio recording status callbacks signed with X-Twilio-Signature), one
-- after the other in a loop, each thread starting at its own offset. The requests come from the file named by the
-- environment variable CALLVAULT_BENCH_REQUESTS, one per line: path TAB signature TAB form-encoded body.
-- Written by dev.callvault.bench.ingest.IngestScenario; report.lua is appended to it.

local requests = {}
local index = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  local file = assert(io.open(os.getenv("CALLVAULT_BENCH_REQUESTS"), "r"))
  for line in file:lines() do
    local path, signature, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = signature
    }, body)
  end
  file:close()
  assert(#requests > 0, "no requests in " .. os.getenv("CALLVAULT_BENCH_REQUESTS"))
  index = (offset or 0) % #requests
end

function request()
  index = index % #requests + 1
  return requests[index]
end
