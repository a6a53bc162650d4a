import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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
 * re2js is inlined too, and initialised on the first pattern compiled (src/functions/regexp.ts),
 * so the package has no runtime dependency. No source maps in the published build: the code is not
 * minified, so stack traces already name real functions and lines; the maps doubled the size of
 * the package. `CLASSAD_SOURCEMAP=1 npm run build` makes them for debugging.
 *
 * Only the first build cleans `dist/` (leaving `dist/web/`, which the page's build writes at the
 * same time), so none wipes another. The third build is the web page (src/web).
 */
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

const shared: Options = {
  target: "node20",
  platform: "node",
  sourcemap: process.env.CLASSAD_SOURCEMAP === "1",
  splitting: true,
  removeNodeProtocol: false,
  noExternal: ["chevrotain", /^@chevrotain\//, "lodash-es", "re2js"],
  define: { __CLASSAD_VERSION__: JSON.stringify(version) },
  esbuildPlugins: [thirdPartyLicenses("dist")],
};

const LIBRARY = { index: "src/index.ts", core: "src/core.ts" };

const WEB_SOURCE = resolve("src/web");
const CORE_ENTRY = resolve("src/core.ts");
const WEB_OUT = "dist/web";

/**
 * The web page is built from `classad/core` alone: a file of src/web may import its own folder
 * and src/core.ts, nothing else of src/ and no package (the core's own packages come in through
 * core.ts). Anything else fails the build, as does any Node module (platform browser).
 */
const coreOnly: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "classad-core-only",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.importer.startsWith(WEB_SOURCE + "/") || args.kind === "entry-point") return undefined;
      const target = args.path.startsWith(".") ? resolve(dirname(args.importer), args.path).replace(/\.js$/, ".ts") : null;
      if (target !== null && (target.startsWith(WEB_SOURCE + "/") || target === CORE_ENTRY)) return undefined;
      return { errors: [{ text: `src/web may import only src/core.ts and its own files: ${relative(".", args.importer)} imports '${args.path}'` }] };
    });
  },
};

/** The page's static files, the bundled OSPool sample, and the same sample as a script for pages opened from disk. */
function copyWebFiles(): void {
  mkdirSync(WEB_OUT, { recursive: true });
  for (const file of ["index.html", "style.css"]) copyFileSync(join(WEB_SOURCE, file), join(WEB_OUT, file));
  const sample = readFileSync("samples/ospool-143.ads.gz");
  writeFileSync(join(WEB_OUT, "ospool-143.ads.gz"), sample);
  writeFileSync(join(WEB_OUT, "sample.js"), `globalThis.classadSample = "${sample.toString("base64")}";\n`);
}

// The page: two classic scripts (they load from disk as well as from a server). app.js is all the
// page loads up front; engine.js (the language, the regex engine) loads on the first input.
const web: Options = {
  entry: { app: "src/web/app.ts", engine: "src/web/engine.ts" },
  outDir: WEB_OUT,
  format: ["iife"],
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: false,
  splitting: false,
  clean: false,
  dts: false,
  noExternal: [/.*/],
  tsconfig: "tsconfig.web.json",
  outExtension: () => ({ js: ".js" }),
  esbuildPlugins: [coreOnly],
  onSuccess: async () => copyWebFiles(),
};

export default defineConfig([
  {
    ...shared,
    entry: { ...LIBRARY, "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    dts: { entry: LIBRARY },
    clean: ["!web/**"],
  },
  {
    ...shared,
    entry: LIBRARY,
    format: ["cjs"],
    dts: { entry: LIBRARY },
    clean: false,
    outExtension: () => ({ js: ".cjs" }),
  },
  web,
]);
