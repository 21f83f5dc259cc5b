"""gradeev on Apache Spark (PySpark): one gradeev process per input file, in mapPartitions.

    spark-submit --py-files examples/gradeev_parts.py examples/spark/gradeev_spark.py \
        s3a://bucket/exports/ out/ [--gradeev gradeev]

Written against PySpark 3.x; not run where it was written (no Spark there): see README.md. Every
executor needs Node.js and gradeev on its PATH. Writes out/grades.csv, out/rejects.ndjson and
out/report.json on the driver, as examples/dask does, and exits as one gradeev run would.
"""

import argparse
import os
import re
import shlex
import sys
import tempfile

import gradeev_parts  # shipped to the executors with --py-files

EVENT_FILE = re.compile(r"\.(json|ndjson|jsonl)(\.gz)?$", re.IGNORECASE)


def in_gradeev_order(url):
    """gradeev walks a folder in byte order of each name, a sub-folder in its place: compare the
    path's parts one by one, not the whole text ("a/x.json" comes before "a-b.json")."""
    return [part.encode("utf-8") for part in url.split("/")]


def run_files(gradeev):
    def run(files):
        # binaryFiles gives each file whole, as (URL, bytes): a .json document is never cut at a line,
        # and gzip reaches gradeev as gzip. The URL is the name diagnostics and rejects give.
        for url, content in files:
            with tempfile.TemporaryDirectory() as folder:
                source = os.path.join(folder, "input")
                with open(source, "wb") as out:
                    out.write(content)
                paths = {kind: os.path.join(folder, kind) for kind in ("csv", "report", "rejects")}
                part = {"name": url, "path": source, "start": 0, "end": None}
                done = gradeev_parts.run_part(gradeev, part, 1, 0, paths["csv"], paths["report"], paths["rejects"])
                outputs = {}
                for kind, path in paths.items():
                    with open(path, "rb") as made:
                        outputs[kind] = made.read()
                yield url, done["code"], outputs

    return run


def main(argv=None):
    from pyspark.sql import SparkSession

    parser = argparse.ArgumentParser()
    parser.add_argument("input", help="a folder (or glob) of event files that Spark can read")
    parser.add_argument("out", help="a local folder on the driver for the merged outputs")
    parser.add_argument("--gradeev", default="gradeev")
    args = parser.parse_args(argv)
    gradeev = shlex.split(args.gradeev)

    spark = SparkSession.builder.appName("gradeev").getOrCreate()
    files = spark.sparkContext.binaryFiles(args.input).filter(lambda item: EVENT_FILE.search(item[0].rsplit("/", 1)[-1]) is not None)
    # Each file's outputs come back to the driver: fine for exports of gigabytes; for more, write
    # them to storage from run() and return their addresses instead.
    results = files.mapPartitions(run_files(gradeev)).collect()
    spark.stop()
    return merge_results(gradeev, results, args.out)


def merge_results(gradeev, results, out):
    """The files' outputs, put in gradeev's order, merged into `out`; the exit code of one run."""
    results = sorted(results, key=lambda result: in_gradeev_order(result[0]))
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for n, (_, _, outputs) in enumerate(results):
            files = {kind: os.path.join(folder, f"{n:06d}.{kind}") for kind in outputs}
            for kind, content in outputs.items():
                with open(files[kind], "wb") as made:
                    made.write(content)
            parts.append(files)
        code = gradeev_parts.merge(gradeev, parts, out)
    return max([code, *(result[1] for result in results)])


if __name__ == "__main__":
    sys.exit(main())
