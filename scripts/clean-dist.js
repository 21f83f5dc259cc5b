#!/usr/bin/env node
// Run by `npm run build`, before tsc: empties dist/, so that what is packed is this build alone, not
// files left by an earlier one (a module since removed, the source maps earlier builds wrote).
import { rmSync } from "node:fs";

rmSync(new URL("../dist/", import.meta.url), { recursive: true, force: true });
