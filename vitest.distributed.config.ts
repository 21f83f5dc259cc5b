import { defineConfig } from "vitest/config";

// test/distributed.test.ts alone (npm run test:distributed): it starts a Dask cluster, which needs
// Python and Debian's python3-distributed, and takes seconds. `npm test` leaves it out.
export default defineConfig({
  test: {
    include: ["test/distributed.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ["default", ["json", { outputFile: "test-results-distributed.json" }]],
  },
});
