#!/usr/bin/env bash
# One pod of the Indexed Job (job.yaml): converts the file on line JOB_COMPLETION_INDEX + 1 of the
# manifest, a tab-separated list of NAME and URL (a whole object each; see README.md), and leaves its
# records, report and rejects in $PARTS, named by the index so that they sort in manifest order.
# Exit codes, as the Job's podFailurePolicy reads them: 0 done (invalid events included: --exit-zero),
# 2 input or usage error (worth a retry), 3 a bug in gradeev (not worth one).
set -euo pipefail

line="$(sed -n "$((JOB_COMPLETION_INDEX + 1))p" "$MANIFEST")"
NAME="$(printf '%s' "$line" | cut -f1)"
URL="$(printf '%s' "$line" | cut -f2)"
[ -n "$NAME" ] && [ -n "$URL" ] || { echo "run-part: no part on line $((JOB_COMPLETION_INDEX + 1)) of $MANIFEST" >&2; exit 2; }
# A whole object: it starts at line 1 and event 0 (a part of a split object would need the lines and
# events of the parts before it, which only their reports tell).
FIRST_LINE=1
FIRST_INDEX=0
FIRST_BYTE=0

part="$(printf '%06d' "$JOB_COMPLETION_INDEX")"
INPUT="$(mktemp)"
REPORT="$PARTS/$part.report"
REJECTS="$PARTS/$part.rejects"
CSV="$PARTS/$part.csv"
# Download first: a pipe cut short would look like a short file. A failed download is exit 2.
curl --fail --silent --show-error --location --output "$INPUT" "$URL" || exit 2

gradeev convert - --to csv --no-header --jobs 1 --format json --report "$REPORT" --rejects "$REJECTS" --exit-zero --stdin-name "$NAME" --first-line "$FIRST_LINE" --first-index "$FIRST_INDEX" --first-byte "$FIRST_BYTE" < "$INPUT" > "$CSV.tmp"
mv "$CSV.tmp" "$CSV"
