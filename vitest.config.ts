import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The conformance vectors were made with TZ=UTC; local-time rules must not depend on the host.
    env: { CLASSAD_DEV: "1", TZ: "UTC" },
  },
});
