import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import { thirdPartyLicenses } from "./scripts/third-party-licenses.js";

/**
 * Two builds, each holding one copy of the code:
 * - ESM: the library entries (`index`, `core`) and the `classad` binary (`cli/main`) in one
 *   esbuild run with code splitting, so the binary imports the same chunks as the library;
 * - CommonJS: the library entries only (`require("classad")`), with their own shared chunk.
 *
 * chevrotain and its lodash-es are inlined (tree-shaken to what the parser uses): loading
 * lodash-es from node_modules is 600-odd files, most of the start-up time of `classad eval`.
 * re2js stays a dependency (one file). No source maps in the published build: the code is not
 * minified, so stack traces already name real functions and lines; the maps doubled the size of
 * the package. `CLASSAD_SOURCEMAP=1 npm run build` makes them for debugging.
 *
 * Only the first build cleans `dist/`, so the second does not wipe the first. Another build step
 * (e.g. a web page) can be appended to the array.
 */
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

const shared: Options = {
  target: "node20",
  platform: "node",
  sourcemap: process.env.CLASSAD_SOURCEMAP === "1",
  splitting: true,
  removeNodeProtocol: false,
  noExternal: ["chevrotain", /^@chevrotain\//, "lodash-es"],
  define: { __CLASSAD_VERSION__: JSON.stringify(version) },
  esbuildPlugins: [thirdPartyLicenses("dist")],
};

const LIBRARY = { index: "src/index.ts", core: "src/core.ts" };

export default defineConfig([
  {
    ...shared,
    entry: { ...LIBRARY, "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    dts: { entry: LIBRARY },
    clean: true,
  },
  {
    ...shared,
    entry: LIBRARY,
    format: ["cjs"],
    dts: { entry: LIBRARY },
    clean: false,
    outExtension: () => ({ js: ".cjs" }),
  },
]);
