"""The planner: which files gradeev would read, in its order, and the parts each is read in.

Python's standard library only. The folder rule is gradeev's own: files named *.json, *.ndjson or
*.jsonl, gzipped (.gz) or not, found by walking each folder named, in byte order of the names, where
a sub-folder is walked in its place; entries whose name starts with a dot are skipped, and so are
symbolic links that lead out of the folder (gradeev's default, without --follow-links). A file named
on the command line is read whatever its name.

A plain (not gzipped) .ndjson or .jsonl file larger than the part size is split into byte ranges;
every other file (gzip, .json, a small file) is one part. Each range owns the lines that start in it,
as Hadoop's line reader splits text, but a range ends only where gradeev's reader is always between
documents: at a line that is a non-empty JSON object or array on its own, right after another such
line (two values in a row are never one document). A document over many lines among the NDJSON lines,
or a broken line followed by what could continue it, is so never cut; it is the rule gradeev's own
--jobs planner follows, so that every part reads as it does in the whole file.
"""

import codecs
import json
import os
import re

EVENT_FILE = re.compile(rb"\.(json|ndjson|jsonl)(\.gz)?$", re.IGNORECASE)
SPLITTABLE = re.compile(rb"\.(ndjson|jsonl)$", re.IGNORECASE)
# gradeev's limits for a place to split at: the first line must end within HEAD_BYTES for a file to
# count as NDJSON, and a line longer than STANDALONE_BYTES is not parsed to find a place.
HEAD_BYTES = 1024 * 1024
STANDALONE_BYTES = 1024 * 1024


def plan(paths, part_bytes):
    """The parts, in the order gradeev reads them: dicts with the file's name as gradeev shows it,
    its path (bytes), and `start`/`end` (end None for a whole file)."""
    parts = []
    for name, path in input_files(paths):
        ranges = byte_ranges(path, part_bytes)
        if ranges is None:
            parts.append({"name": name, "path": path, "start": 0, "end": None})
        else:
            parts.extend({"name": name, "path": path, "start": start, "end": end} for start, end in ranges)
    return parts


def input_files(paths):
    """(name shown, path) of every file gradeev reads for these paths, in its order."""
    for path in paths:
        if path == "-":
            raise SystemExit("standard input cannot be split into parts: name files or folders")
        if os.path.isdir(path):
            root = os.path.realpath(os.fsencode(path))
            yield from walk(os.fsencode(path), root, set())
        elif os.path.isfile(path):
            yield path, os.fsencode(path)
        else:
            raise SystemExit(f"{path}: no such file or folder")


def walk(folder, root, seen):
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.startswith(b"."):
                continue
            path = folder + os.sep.encode() + entry.name
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(path) or not inside(target, root) or hidden_inside(target, root):
                    continue
            is_folder = entry.is_dir()
            if is_folder or (entry.is_file() and EVENT_FILE.search(entry.name)):
                entries.append((entry.name, path, is_folder))
    for _, path, is_folder in sorted(entries):
        if is_folder:
            yield from walk(path, root, seen)
        else:
            yield shown(path), path


def inside(real, root):
    return real == root or real.startswith(root + os.sep.encode())


def hidden_inside(real, root):
    return real != root and any(part.startswith(b".") for part in os.path.relpath(real, root).split(os.sep.encode()))


def shown(path):
    """A name as gradeev shows it: UTF-8 as text, any other byte as the text \\xFF."""
    return path.decode("utf-8", "gradeev-bytes")


def _bytes_shown(error):
    return "".join(f"\\x{b:02X}" for b in error.object[error.start:error.end]), error.end


codecs.register_error("gradeev-bytes", _bytes_shown)


def byte_ranges(path, part_bytes):
    """[(start, end)] of a plain NDJSON file larger than part_bytes, or None to read it whole."""
    name = os.path.basename(path)
    size = os.path.getsize(path)
    if not SPLITTABLE.search(name) or size <= part_bytes:
        return None
    with open(path, "rb") as f:
        if not ndjson_head(f.read(HEAD_BYTES)):
            return None
        ranges = []
        start = 0
        while start < size:
            end = size if start + part_bytes >= size else split_point(f, start + part_bytes, size)
            ranges.append((start, end))
            start = end
    return ranges if len(ranges) > 1 else None


def split_point(f, at, size):
    """The first start of a line at or after `at` that is a value on its own right after another."""
    f.seek(at - 1)
    f.readline()  # to the byte after the next line feed: the first line start at or after `at`
    previous = False
    while (start := f.tell()) < size:
        line = f.readline(STANDALONE_BYTES + 2)
        standalone = False
        if line.endswith(b"\n") or f.tell() == size:
            standalone = len(line.rstrip(b"\n")) <= STANDALONE_BYTES and is_standalone(line.rstrip(b"\n"))
        else:
            while line and not line.endswith(b"\n"):  # longer than the cap: no place to split at
                line = f.readline(1024 * 1024)
        if standalone and previous:
            return start
        previous = standalone
    return size


def is_standalone(line):
    """gradeev's test: a non-empty JSON object or array on its own line, from the first column."""
    if not line[:1] in (b"{", b"["):
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if "\ufffd" in text:
        return False
    ok, value = parse(text)
    return ok and isinstance(value, (dict, list)) and len(value) > 0


def ndjson_head(head):
    """gradeev's test: not gzip nor UTF-16, and the first line that is not blank is a JSON value."""
    if head[:2] == b"\x1f\x8b" or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    start = 3 if head[:3] == b"\xef\xbb\xbf" else 0
    while (lf := head.find(b"\n", start)) != -1:
        line = head[start:lf]
        start = lf + 1
        if line.strip(b" \t\r") == b"":
            continue
        return parse(line.decode("utf-8", "replace"))[0]
    return False


def _no_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON, whatever Python's parser allows


def parse(text):
    """(True, the JSON value of text) as JavaScript's JSON.parse reads it, or (False, None)."""
    try:
        return True, json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return False, None
