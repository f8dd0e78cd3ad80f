-- wrk script for `make bench`: optional method, body and bearer token from the environment, and one
-- tab-separated result line (requests/s, p50 ms, p99 ms, errors) that bench.sh puts in its table.
local token = os.getenv("BENCH_TOKEN")
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")

wrk.method = method
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

dofile("scripts/bench/result.lua")
