#!/usr/bin/env bash
# The final step, once the Indexed Job has completed: merges the parts in $PARTS (named by their
# index, so the shell's sorted glob is the manifest's order) into $OUT: grades.csv with its header
# once, rejects.ndjson, and report.json, the report of one gradeev run over the same files.
# Exits as that run would: 0, or 1 when events are invalid; 2 when a part's report is missing.
set -euo pipefail

reports=("$PARTS"/*.report)
status=0
gradeev merge-reports --format json -o "$OUT/report.json" "${reports[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"

# The header, as gradeev writes it: from a run on no input.
{ gradeev convert - --to csv --format json --exit-zero < /dev/null 2> /dev/null; cat "$PARTS"/*.csv; } > "$OUT/grades.csv.tmp"
mv "$OUT/grades.csv.tmp" "$OUT/grades.csv"
cat "$PARTS"/*.rejects > "$OUT/rejects.ndjson.tmp"
mv "$OUT/rejects.ndjson.tmp" "$OUT/rejects.ndjson"
exit "$status"
