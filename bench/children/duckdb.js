// DuckDB doing the same flattening: read_ndjson_objects -> COPY ... TO csv, with `threads` threads
// (DuckDB parallelises the scan itself). Usage: node duckdb.js PROFILE FILE OUT.csv THREADS
// Exits 4 when @duckdb/node-api is not installed (npm i --no-save @duckdb/node-api);
// `node duckdb.js --probe` only checks that, printing DuckDB's version.
import { duckdbCopy } from "../lib/flatten.js";

const [profile, file, out, threads] = process.argv.slice(2);
let duckdb;
try {
  duckdb = await import("@duckdb/node-api");
} catch {
  process.exit(4);
}
if (profile === "--probe") {
  console.log(`DuckDB ${duckdb.version?.() ?? ""}`.trim());
  process.exit(0);
}
const instance = await duckdb.DuckDBInstance.create(":memory:", { threads: String(threads) });
const connection = await instance.connect();
await connection.run(duckdbCopy(profile, file, out));
connection.closeSync?.();
