import { createRequire } from "node:module";

// package.json sits outside src/, so it is read at run time rather than compiled in.
export const VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
