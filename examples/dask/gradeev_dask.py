"""gradeev on a Dask cluster: plan the parts, one gradeev process per part, then merge.

    python3 gradeev_dask.py INPUT... --out DIR [--part-size 128MiB] [--workers 2 | --scheduler ADDRESS]
                            [--gradeev "gradeev"]

Writes DIR/grades.csv, DIR/rejects.ndjson and DIR/report.json (gradeev's JSON report), the same
bytes as `gradeev convert INPUT... --to csv -o grades.csv --rejects rejects.ndjson --format json`,
and DIR/plan.json (each part: its file, byte range, first line and event index, and the worker that
ran it). Exits as that run would: 0, 1 when events are invalid, 2 when a part could not be read
(nothing is written then), 3 when gradeev met a bug.

The parts of one file run one after another, each told by the one before where it starts (its lines
and events, from that part's report); parts of different files run at the same time. See README.md.
"""

import argparse
import json
import logging
import os
import re
import shlex
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

import gradeev_parts  # noqa: E402  (examples/gradeev_parts.py, shipped to the workers below)
from plan import plan  # noqa: E402

SIZE = re.compile(r"^(\d+)(B|KiB|MiB|GiB)?$")
UNITS = {None: 1, "B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def size(text):
    found = SIZE.match(text)
    if not found or int(found.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is no size: a number of bytes, or with KiB, MiB or GiB")
    return int(found.group(1)) * UNITS[found.group(2)]


def run_in_order(gradeev, part, files, before):
    """One Dask task. `before`: what the previous part of the same file returned (None for a file's
    first part), which Dask hands over once that part has run: this part starts where it ended."""
    from distributed import get_worker

    first_line = 1 if before is None else before["first_line"] + before["lines"]
    first_index = 0 if before is None else before["first_index"] + before["events"]
    done = gradeev_parts.run_part(gradeev, part, first_line, first_index, files["csv"], files["report"], files["rejects"])
    return {**done, "first_line": first_line, "first_index": first_index, "worker": get_worker().address}


def run(args):
    from distributed import Client

    gradeev = shlex.split(args.gradeev)
    parts = plan(args.inputs, args.part_size)
    os.makedirs(args.out, exist_ok=True)
    # The parts' outputs: on a cluster of several machines, a folder every worker and the driver share.
    work = tempfile.mkdtemp(prefix=".gradeev-parts-", dir=args.out)
    try:
        # A client made with worker options starts a local cluster, and closes it when it closes.
        local = {"n_workers": args.workers, "threads_per_worker": 1, "processes": True,
                 "dashboard_address": None, "silence_logs": logging.ERROR}
        with (Client(args.scheduler) if args.scheduler else Client(**local)) as client:
            client.upload_file(gradeev_parts.__file__)  # the workers import it from there
            outputs, futures, last = [], [], {}
            for n, part in enumerate(parts):
                files = {kind: os.path.join(work, f"{n:06d}.{kind}") for kind in ("csv", "report", "rejects")}
                future = client.submit(run_in_order, gradeev, part, files, last.get(part["path"]),
                                       key=f"gradeev-part-{n}", retries=args.retries)
                last[part["path"]] = future
                futures.append(future)
                outputs.append(files)
            results = client.gather(futures)
        code = gradeev_parts.merge(gradeev, outputs, args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    placed = [{"name": p["name"], "start": p["start"], "end": p["end"], **r} for p, r in zip(parts, results)]
    with open(os.path.join(args.out, "plan.json"), "w", encoding="utf-8") as out:
        json.dump(placed, out, indent=1, ensure_ascii=False)
    return max([code, *(r["code"] for r in results)])


def main(argv=None):
    parser = argparse.ArgumentParser(description="gradeev convert on a Dask cluster, one gradeev process per part")
    parser.add_argument("inputs", nargs="+", help="files and folders, as gradeev takes them")
    parser.add_argument("--out", required=True, help="folder for grades.csv, rejects.ndjson, report.json and plan.json")
    parser.add_argument("--part-size", type=size, default=size("128MiB"), help="split plain NDJSON files larger than this (default 128MiB)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of a local cluster (default 2)")
    parser.add_argument("--scheduler", help="the address of a running Dask scheduler, instead of a local cluster")
    parser.add_argument("--gradeev", default="gradeev", help='the gradeev command (default "gradeev")')
    parser.add_argument("--retries", type=int, default=2, help="runs again a part whose gradeev exited 2 (default 2)")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (gradeev_parts.PartFailed, OSError) as failure:
        print(f"gradeev_dask: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
