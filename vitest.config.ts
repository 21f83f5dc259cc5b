import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Run by `npm run test:distributed` (vitest.distributed.config.ts): it needs Python and Dask.
    exclude: [...configDefaults.exclude, "test/distributed.test.ts"],
    // CLI tests spawn the built binary; give a loaded CI machine room.
    testTimeout: 30_000,
    // The JSON results let .ci/run print a plain "N passed, N failed" line that any CI can read.
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
