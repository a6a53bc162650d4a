import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

export default defineConfig({
  // The same constant the build defines (tsup.config.ts), for tests that run the sources.
  define: { __CLASSAD_VERSION__: JSON.stringify(version) },
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
