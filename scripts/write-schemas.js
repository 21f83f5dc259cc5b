#!/usr/bin/env node
// Writes each profile's JSON Schema to schemas/<id>.schema.json, for other tools to use.
// Run by `npm run build`; test/schemas.test.ts fails if the files fall behind the code.
import { mkdirSync, writeFileSync } from "node:fs";
import { profiles } from "../dist/profiles/index.js";

const folder = new URL("../schemas/", import.meta.url);
mkdirSync(folder, { recursive: true });
for (const profile of profiles)
  writeFileSync(new URL(`${profile.id}.schema.json`, folder), `${JSON.stringify(profile.schema, null, 2)}\n`);
