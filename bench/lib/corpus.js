// Writes the corpus files. Strings are batched into ~4 MiB writes: generating a GiB line by line
// through a stream's write() would make the generator, not the disk, the slow part.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { bbEvents } from "./gen-bb.js";
import { caliperEvents } from "./gen-caliper.js";
import { xapiEvents } from "./gen-xapi.js";

const BATCH = 4 << 20;

/** The NDJSON profiles: name, file name, event factory (seeded differently so files differ). */
export const NDJSON_PROFILES = [
  {
    id: "bb",
    label: "BB CalculatedGradeSnapshot envelopes",
    file: "bb-envelopes.ndjson",
    kind: "caliper",
    make: () => bbEvents(1),
  },
  {
    id: "caliper",
    label: "Caliper 1.2 GradeEvent",
    file: "caliper-v1p2-grade.ndjson",
    kind: "caliper",
    make: () => caliperEvents(2),
  },
  { id: "xapi", label: "xAPI scored statements", file: "xapi-scores.ndjson", kind: "xapi", make: () => xapiEvents(3) },
];

/** Stops before the file would pass maxBytes, or after maxEvents lines, whichever comes first. */
export async function writeNdjson(path, next, { maxEvents, maxBytes }) {
  const out = await open(path, "w");
  let events = 0,
    bytes = 0,
    batch = "";
  try {
    while (events < maxEvents) {
      const line = JSON.stringify(next()) + "\n";
      if (bytes + line.length > maxBytes) break; // ASCII-only corpus: length == bytes
      batch += line;
      bytes += line.length;
      events++;
      if (batch.length >= BATCH) {
        await out.write(batch);
        batch = "";
      }
    }
    if (batch) await out.write(batch);
  } finally {
    await out.close();
  }
  return { path, events, bytes };
}

/**
 * One pretty-printed Caliper envelope whose data holds every BB event: the shape of a single huge
 * JSON document, which a reader cannot split into lines and so tests gradeev's memory, not its speed.
 */
export async function writePrettyEnvelope(path, { maxEvents, maxBytes }) {
  const next = bbEvents(4);
  const first = next();
  const head = `{\n  "sensor": ${JSON.stringify(first.sensor)},\n  "sendTime": "2024-05-02T03:00:00.000Z",\n  "dataVersion": ${JSON.stringify(first.dataVersion)},\n  "data": [\n`;
  const tail = "\n  ]\n}\n";
  const out = await open(path, "w");
  let events = 0,
    bytes = head.length + tail.length,
    batch = head;
  try {
    for (let env = first; events < maxEvents; env = next()) {
      const item = (events > 0 ? ",\n" : "") + "    " + JSON.stringify(env.data[0], null, 2).replaceAll("\n", "\n    ");
      if (bytes + item.length > maxBytes) break;
      batch += item;
      bytes += item.length;
      events++;
      if (batch.length >= BATCH) {
        await out.write(batch);
        batch = "";
      }
    }
    await out.write(batch + tail);
  } finally {
    await out.close();
  }
  return { path, events, bytes };
}

/** Bump when a generator changes, so a kept corpus (--corpus DIR) is regenerated, not reused. */
const GENERATOR_VERSION = 1;

/**
 * Generates the corpus into dir, or reuses it when dir holds one made with the same parameters
 * (generating a GiB per profile takes longer than some of the measurements).
 */
export async function prepareCorpus(dir, { maxEvents, maxBytes, envelope }, log) {
  const manifestFile = join(dir, "manifest.json");
  const params = { version: GENERATOR_VERSION, maxEvents: String(maxEvents), maxBytes: String(maxBytes), envelope };
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (JSON.stringify(manifest.params) === JSON.stringify(params)) {
      log(`reusing the corpus in ${dir}`);
      return withPaths(dir, manifest);
    }
  }
  mkdirSync(dir, { recursive: true }); // --corpus may name a folder that does not exist yet
  const files = [];
  for (const p of NDJSON_PROFILES) {
    log(`generating ${p.file} ...`);
    const { events, bytes } = await writeNdjson(join(dir, p.file), p.make(), { maxEvents, maxBytes });
    files.push({ id: p.id, label: p.label, kind: p.kind, file: p.file, events, bytes });
  }
  let env = null;
  if (envelope) {
    log("generating the pretty envelope ...");
    const { events, bytes } = await writePrettyEnvelope(join(dir, "bb-pretty-envelope.json"), { maxEvents, maxBytes });
    env = { file: "bb-pretty-envelope.json", events, bytes };
  }
  const manifest = { params, files, envelope: env };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return withPaths(dir, manifest);
}

// Paths are added in memory only: results written into the project never name this machine's folders.
function withPaths(dir, { files, envelope }) {
  return {
    files: files.map((f) => ({ ...f, path: join(dir, f.file) })),
    envelope: envelope && { ...envelope, path: join(dir, envelope.file) },
  };
}
