// Fallback when GNU time is missing: runs a Node script in this process and, on exit, writes the
// process's peak RSS (KiB, from process.resourceUsage().maxRSS) to $BENCH_RSS_FILE.
// Usage: node with-rss.js SCRIPT ARGS...  (the script sees itself as argv[1], as if run directly)
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const script = resolve(process.argv[2]);
process.argv.splice(1, 2, script);
process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
await import(pathToFileURL(script).href);
