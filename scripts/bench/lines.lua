-- wrk script for `make bench`'s requests over many resources: every request is the next line of a file
-- (BENCH_LINES). A line "PATH" is a GET; "PATH<tab>JSON body" is POSTed with a bearer token (BENCH_TOKEN).
-- The threads take turns through the lines, so no line is sent twice until all have been; then they start at
-- the top again (a write sent again is refused, and counted as an error).
local token = os.getenv("BENCH_TOKEN")
local stride = tonumber(os.getenv("BENCH_THREADS") or "2")
local started = 0

local threads = {}

function setup(thread)
  thread:set("first", started + 1)
  started = started + 1
  threads[#threads + 1] = thread
end

local lines = {}
local position

function init(args)
  for line in io.lines(os.getenv("BENCH_LINES")) do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    lines[#lines + 1] = { path or line, body }
  end
  position = first
end

function request()
  position = (position - 1) % #lines + 1
  local line = lines[position]
  position = position + stride
  if not line[2] then return wrk.format("GET", line[1]) end
  return wrk.format("POST", line[1], { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, line[2])
end

-- The first refused request of each thread, said on stderr at the end, so an error in the table has a reason.
function response(status, headers, body)
  if status >= 400 and not refused then refused = status .. " " .. body:sub(1, 300) end
end

dofile("scripts/bench/result.lua")
local result = done

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local first = thread:get("refused")
    if first then io.stderr:write("a refused request: " .. first .. "\n") end
  end
  result(summary, latency, requests)
end
