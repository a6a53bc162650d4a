import { defineConfig } from "tsup";

// One config object: two configs that both `clean` can wipe each other's output.
export default defineConfig({
  entry: { index: "src/index.ts", core: "src/core.ts", "cli/main": "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", core: "src/core.ts" } },
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: true,
  splitting: true,
  removeNodeProtocol: false,
  outExtension: ({ format }) => ({ js: format === "cjs" ? ".cjs" : ".js" }),
});
