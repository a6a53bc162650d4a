import { defineConfig } from "tsup";

// The library ships as ESM and CommonJS with types; the `classad` binary only as ESM (the bin
// entry of package.json). Only the first build cleans `dist/`, so neither wipes the other.
const shared = {
  target: "node20",
  platform: "node",
  sourcemap: true,
  splitting: true,
  removeNodeProtocol: false,
} as const;

export default defineConfig([
  {
    ...shared,
    entry: { index: "src/index.ts", core: "src/core.ts" },
    format: ["esm", "cjs"],
    dts: { entry: { index: "src/index.ts", core: "src/core.ts" } },
    clean: true,
    outExtension: ({ format }) => ({ js: format === "cjs" ? ".cjs" : ".js" }),
  },
  {
    ...shared,
    entry: { "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    clean: false,
  },
]);
