-- wrk script for `make bench`'s writes: every request is the next line of a file (BENCH_LINES), each line
-- "PATH<tab>JSON body", POSTed with a bearer token (BENCH_TOKEN). The threads take turns through the lines,
-- so no line is sent twice; once they are used up the first line is sent again (and counted as an error
-- when the server refuses it).
local token = os.getenv("BENCH_TOKEN")
local stride = tonumber(os.getenv("BENCH_THREADS") or "2")
local started = 0

function setup(thread)
  thread:set("first", started + 1)
  started = started + 1
end

local lines = {}
local position

function init(args)
  for line in io.lines(os.getenv("BENCH_LINES")) do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    lines[#lines + 1] = { path, body }
  end
  position = first
end

function request()
  local line = lines[position] or lines[1]
  position = position + stride
  return wrk.format("POST", line[1], { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, line[2])
end

dofile("scripts/bench/result.lua")
