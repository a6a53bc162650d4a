/**
 * What a benchmark's child processes run: the benchmark bundled as the package is built (esbuild,
 * as tsup builds dist/), not its sources through tsx. tsx compiles with esbuild's `keepNames`,
 * which wraps every function made at run time (closures, arrow helpers) in a naming call that
 * defines a property on it: closure-heavy code measures up to several times slower than the
 * published build runs (e.g. `formatTime` 14 us through tsx, 2 us bundled).
 *
 * The bundle is written next to the benchmark (so `import.meta.url` paths still resolve) as
 * `.<name>.bundle.mjs`, made once per parent run and removed when it exits. `--source` (or
 * CLASSAD_BENCH_SOURCE=1) runs the children on the sources through tsx, as before.
 */
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { buildSync } from "esbuild";

const bundles = new Map<string, string>();

/** The node arguments of a child running `script` (a benchmark file) with `args`. */
export function childArgs(script: string, args: readonly string[], nodeFlags: readonly string[] = []): string[] {
  if (process.argv.includes("--source") || process.env.CLASSAD_BENCH_SOURCE === "1") return [...process.execArgv, ...nodeFlags, script, ...args];
  return [...nodeFlags, bundled(script), ...args];
}

function bundled(script: string): string {
  const known = bundles.get(script);
  if (known !== undefined) return known;
  const outfile = join(dirname(script), `.${basename(script).replace(/\.ts$/, "")}.bundle.mjs`);
  buildSync({
    entryPoints: [script],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    // Bundled dependencies written as CommonJS (chevrotain's lodash-es is ESM; re2js may not be).
    banner: { js: 'import { createRequire as __benchRequire } from "node:module"; const require = __benchRequire(import.meta.url);' },
  });
  bundles.set(script, outfile);
  process.once("exit", () => rmSync(outfile, { force: true }));
  return outfile;
}
