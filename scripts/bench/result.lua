-- The one result line bench.sh reads from every wrk run: requests/s, p50 ms, p99 ms, errors
-- (connection errors, timeouts and responses of 400 or more).
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT\t%.0f\t%.2f\t%.2f\t%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
