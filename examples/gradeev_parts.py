"""gradeev as the map step of a distributed engine: one gradeev process per part, then the merge.

Shared by the Dask and Spark recipes (examples/dask, examples/spark); the Kubernetes recipe spells
the same command line in its shell script, and a test checks that the three agree. Python's standard
library only, so that an engine can ship this one file to its workers.

A part is a whole input file or a byte range of one, given to gradeev through standard input with
the name, first line and first event index it has in the whole file: diagnostics and rejects then
name the file's own places, and the parts' outputs concatenate into what one run writes.
"""

import json
import os
import subprocess
import tempfile

# Fixed options of every part. --jobs 1: the engine parallelises, and a part of 128 MiB or more would
# otherwise start a worker thread per core. --exit-zero: invalid events are data, not a failed task.
PART_OPTIONS = ["--to", "csv", "--no-header", "--jobs", "1", "--format", "json"]


def part_command(name, first_line, first_index, first_byte, report, rejects):
    """The arguments of gradeev for one part (after the gradeev command itself). --first-byte: the
    part's first byte in the file, so that byte offsets in diagnostics are the file's, and a part past
    line 1 is read as a part (no byte-order mark looked for at its start)."""
    return ["convert", "-", *PART_OPTIONS, "--report", report, "--rejects", rejects, "--exit-zero",
            "--stdin-name", name, "--first-line", str(first_line), "--first-index", str(first_index),
            "--first-byte", str(first_byte)]


class PartFailed(Exception):
    """gradeev could not run the part (exit 2: usage or input error): worth a retry by the engine."""


def run_part(gradeev, part, first_line, first_index, csv_path, report_path, rejects_path):
    """Runs gradeev on one part, its bytes read from `part["path"]` (`start` to `end`, or the whole
    file when `end` is None), writing its records, report and rejects to the three paths. Returns
    the exit code and the report's summary: the next part of the same file starts `summary["lines"]`
    lines and `summary["events"]` events further on. Exit 2 raises PartFailed; exit 3 (a bug in
    gradeev) is returned, like a run that found one, and is not worth a retry."""
    first_byte = 0 if part["end"] is None else part["start"]
    args = [*gradeev, *part_command(part["name"], first_line, first_index, first_byte, report_path, rejects_path)]
    with open(part["path"], "rb") as source, open(csv_path, "wb") as records, tempfile.TemporaryFile() as errors:
        if part["end"] is None:
            # A whole file is gradeev's standard input as it is, as `< file` gives it.
            code = subprocess.run(args, stdin=source, stdout=records, stderr=errors).returncode
        else:
            process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=records, stderr=errors)
            try:
                copy_range(source, process.stdin, part["start"], part["end"])
            except BrokenPipeError:
                pass  # gradeev stopped reading: its exit code says why
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass
            code = process.wait()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    if code == 2 or code not in (0, 3):
        raise PartFailed(f"gradeev exited {code} on {describe(part)}: {said}")
    with open(report_path, "rb") as report:
        summary = json.load(report)["summary"]
    return {"code": code, "lines": summary["lines"], "events": summary["events"]}


def copy_range(source, sink, start, end, chunk=1024 * 1024):
    source.seek(start)
    left = end - start
    while left > 0:
        data = source.read(min(chunk, left))
        if not data:
            break
        sink.write(data)
        left -= len(data)


def describe(part):
    whole = part["end"] is None
    return part["name"] if whole else f"{part['name']} bytes {part['start']}-{part['end']}"


def header(gradeev):
    """The CSV header, as gradeev writes it: from a run on no input (it writes the header even then)."""
    done = subprocess.run([*gradeev, "convert", "-", "--to", "csv", "--format", "json", "--exit-zero"],
                          input=b"", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise PartFailed(f"gradeev exited {done.returncode} writing the header: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def merge(gradeev, parts, out_dir):
    """Merges the parts' outputs, given in plan order (the order of the input files, then of the
    parts of each), into out_dir: grades.csv (the header once, then every part's rows), rejects.ndjson
    (the parts' rejects as they are: they already name the file's lines and indexes) and report.json
    (`gradeev merge-reports`). Returns merge-reports' exit code, the one a single run would have
    given: 0, or 1 when events are invalid. Nothing is written when the reports cannot be merged."""
    report = os.path.join(out_dir, "report.json")
    merged = subprocess.run([*gradeev, "merge-reports", "--format", "json", "-o", report, *[p["report"] for p in parts]],
                            stderr=subprocess.PIPE)
    if merged.returncode not in (0, 1):
        raise PartFailed(f"gradeev merge-reports exited {merged.returncode}: {merged.stderr.decode('utf-8', 'replace').strip()}")
    concatenate([p["csv"] for p in parts], os.path.join(out_dir, "grades.csv"), first=header(gradeev))
    concatenate([p["rejects"] for p in parts], os.path.join(out_dir, "rejects.ndjson"))
    return merged.returncode


def concatenate(paths, target, first=b""):
    """Writes `first` and then the files to target, through a temporary file renamed into place."""
    temporary = f"{target}.tmp"
    with open(temporary, "wb") as out:
        out.write(first)
        for path in paths:
            with open(path, "rb") as part:
                while data := part.read(1024 * 1024):
                    out.write(data)
    os.replace(temporary, target)
