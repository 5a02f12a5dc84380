# Reads the statistics table of a Gatling 3.15 report (<run>/index.html) and prints one tab-separated line
# per row: path, total, ok, ko, p50, p95, p99, max, mean. Gatling 3.15 writes no js/stats.json (earlier 3.x
# did): the HTML table is the only per-request summary with percentiles a run leaves behind.
#
#   awk -f gatling-stats.awk <run>/index.html
#
# path: "All Requests" for the table's first row, else the request or group name, with its groups in
# front ("group / request"). Times in ms. The columns are found by their headers ("Total", "OK", "KO",
# "50th pct", ..., "Max", "Mean"), so a report made with other percentiles fails loudly instead of being
# misread: the header "99th pct" must be there.

function trim(s) {
  gsub(/^[ \t]+|[ \t]+$/, "", s)
  return s
}

function unescape(s) {
  gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
  gsub(/&#39;|&#x27;|&apos;/, "'", s); gsub(/&nbsp;/, " ", s); gsub(/&amp;/, "\\&", s)
  return s
}

# "1,234" or " 1 234 " -> "1234"; "-" (no value) -> "".
function number(s) {
  s = trim(s)
  gsub(/[, ]/, "", s)
  return s == "-" ? "" : s
}

function flush_row(   path, parent) {
  if (row_id == "") return
  path = row_name
  parent = row_parent
  # Groups come before their rows in the table, so their paths are known already.
  if (parent != "" && parent != "ROOT" && (parent in path_of)) path = path_of[parent] " / " row_name
  path_of[row_id] = path
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", path, cell[col["Total"]], cell[col["OK"]], cell[col["KO"]],
    cell[col["50th pct"]], cell[col["95th pct"]], cell[col["99th pct"]], cell[col["Max"]], cell[col["Mean"]]
  row_id = ""
  split("", cell)
}

# Header cells: <th id="col-8" ...><span>50th pct</span></th> (some wrap the label in <abbr>).
/<th id="col-[0-9]+"/ {
  n = $0; sub(/.*<th id="col-/, "", n); sub(/".*/, "", n)
  label = $0; sub(/<\/span>.*/, "", label); sub(/.*>/, "", label)
  col[trim(label)] = n
  next
}

# A row starts: <tr id="req_put-replace--2018433405" data-parent="ROOT"> (the first one: <tr id="ROOT" >).
/<tr id="/ {
  flush_row()
  if (!("Total" in col) || !("99th pct" in col)) {
    print "gatling-stats.awk: the report's statistics table has no \"Total\" or \"99th pct\" column" > "/dev/stderr"
    exit 2
  }
  row_id = $0; sub(/.*<tr id="/, "", row_id); sub(/".*/, "", row_id)
  row_parent = ""
  if ($0 ~ /data-parent="/) { row_parent = $0; sub(/.*data-parent="/, "", row_parent); sub(/".*/, "", row_parent) }
  row_name = ""
  next
}

row_id != "" && /class="ellipsed-name">/ {
  name = $0; sub(/.*class="ellipsed-name">/, "", name); sub(/<\/span>.*/, "", name)
  row_name = unescape(name)
  next
}

# A value cell: <td class="value total col-2">63</td>
row_id != "" && /<td class="value [a-z]+ col-[0-9]+">/ {
  n = $0; sub(/.*col-/, "", n); sub(/".*/, "", n)
  v = $0; sub(/.*col-[0-9]+">/, "", v); sub(/<\/td>.*/, "", v)
  cell[n] = number(v)
  next
}

/<\/tr>/ { flush_row() }

END {
  flush_row()
  if (!("Total" in col)) {
    print "gatling-stats.awk: no statistics table found" > "/dev/stderr"
    exit 2
  }
}
