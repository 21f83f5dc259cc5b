// The floor's reading, shared by the children that add one thing to it: the file as a stream (64 KiB
// chunks, Node's default, as gradeev reads), split at LF, each non-empty line decoded as UTF-8.
import { createReadStream } from "node:fs";

export async function eachLine(path, handle) {
  let pending = null; // the start of a line cut by a chunk boundary
  for await (const chunk of createReadStream(path)) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pending ? Buffer.concat([pending, piece]) : piece;
      pending = null;
      if (line.length > 0) handle(line.toString("utf8"));
      start = nl + 1;
    }
    if (start < chunk.length)
      pending = pending ? Buffer.concat([pending, chunk.subarray(start)]) : chunk.subarray(start);
  }
  if (pending && pending.length > 0) handle(pending.toString("utf8"));
}
