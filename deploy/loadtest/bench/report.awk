# Renders a table of deploy/loadtest/bench.sh: tab-separated rows, the first one the header, as text
# (aligned columns, for the terminal) or as a markdown table (for docs/performance.md).
#
#   awk -v format=text|markdown -f report.awk table.tsv
BEGIN { FS = "\t" }

# n spaces (printf's "%*s" is not in every awk).
function spaces(n,   s) {
  s = ""
  while (n-- > 0) s = s " "
  return s
}

{
  rows = NR
  if (NF > cols) cols = NF
  for (i = 1; i <= NF; i++) {
    cell[NR, i] = $i
    if (length($i) > width[i]) width[i] = length($i)
  }
}

END {
  for (r = 1; r <= rows; r++) {
    line = ""
    for (i = 1; i <= cols; i++) {
      v = cell[r, i]
      if (format == "markdown") {
        gsub(/\|/, "\\|", v)
        line = line "| " v " "
      } else {
        # Numbers right-aligned, words left-aligned.
        pad = width[i] - length(v)
        if (v ~ /^[0-9.,]+( ?%| ms| MB| s)?$/ && r > 1) line = line spaces(pad) v
        else line = line v spaces(pad)
        if (i < cols) line = line "  "
      }
    }
    if (format == "markdown") line = line "|"
    else sub(/ +$/, "", line)
    print line
    if (r == 1) {
      sep = ""
      for (i = 1; i <= cols; i++) {
        if (format == "markdown") sep = sep "|---"
        else { s = spaces(width[i]); gsub(/ /, "-", s); sep = sep s (i < cols ? "  " : "") }
      }
      print (format == "markdown" ? sep "|" : sep)
    }
  }
}
