# Reads a run's js/stats.json (the layout Gatling wrote up to 3.11, which the simulations' Stats class
# writes for Gatling 3.15) and prints one tab-separated line per request and group: path, total, ok, ko,
# p50, p95, p99, max, mean, the same columns as gatling-stats.awk reads off the HTML report.
#
#   jq -r -f gatling-stats.jq <run>/js/stats.json
#
# Values may be numbers or, as Gatling wrote them, strings ("1,234", "-" for none). percentiles1..4 are
# the 50th, 75th, 95th and 99th (Gatling's defaults; Stats writes those).

def num: if type == "number" then tostring elif . == null or . == "-" then "" else gsub("[, ]"; "") end;

def rows:
  (if (.path // "") == "" then "All Requests" else .path end) as $path
  | ([$path] + ([(.stats.numberOfRequests | .total, .ok, .ko), .stats.percentiles1.total, .stats.percentiles3.total,
                 .stats.percentiles4.total, .stats.maxResponseTime.total, .stats.meanResponseTime.total] | map(num))),
    ((.contents // {}) | to_entries[] | .value | rows);

rows | @tsv
