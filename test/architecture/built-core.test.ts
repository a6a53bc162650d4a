/**
 * `classad/core` as it ships: after the build, `dist/core.js` and `dist/core.cjs`, and every
 * chunk they load, import no Node module (a `node:` specifier or a Node builtin's name) and no
 * package but the two the language needs; and both formats export the ad readers and writers.
 * The source-level check is in import-graph.test.ts; this one catches what the bundler adds
 * (shared chunks, helpers).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire, builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/built-cli.js";

const DIST = join(ROOT, "dist");
const CORE_PACKAGES = new Set(["chevrotain", "re2js"]);
const NODE_BUILTINS = new Set(builtinModules);

/** Module specifiers a built file loads: static imports, `export ... from`, `import()` and `require()`. */
function specifiersOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require");
      const arg = node.arguments[0];
      if (loads && arg !== undefined && ts.isStringLiteralLike(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file an entry loads (itself included) and every bare specifier they name. */
function closure(entry: string): { files: string[]; external: Map<string, string[]> } {
  const files = new Set<string>([entry]);
  const external = new Map<string, string[]>();
  const work = [entry];
  while (work.length > 0) {
    const file = work.pop()!;
    for (const specifier of specifiersOf(file)) {
      if (specifier.startsWith(".")) {
        const target = join(dirname(file), specifier);
        if (!files.has(target)) {
          files.add(target);
          work.push(target);
        }
      } else {
        (external.get(specifier) ?? external.set(specifier, []).get(specifier)!).push(relative(DIST, file));
      }
    }
  }
  return { files: [...files], external };
}

function isNodeModule(specifier: string): boolean {
  return specifier.startsWith("node:") || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split("/")[0]!);
}

const SAMPLE = 'MyType = "Machine"\nName = "slot1@a"\nCpus = 8\nRequirements = TARGET.RequestCpus <= Cpus\n\n';

interface CoreExports {
  parseAds(text: string): { ads: unknown[] };
  formatAds(ads: unknown[], format: string): string;
}

describe("the built classad/core", () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);

  it.each(["core.js", "core.cjs"])("%s and the chunks it loads import no Node module", (entry) => {
    const { files, external } = closure(join(DIST, entry));
    expect(files.length).toBeGreaterThan(1);
    const nodeModules = [...external].filter(([specifier]) => isNodeModule(specifier)).map(([s, by]) => `${s} (from ${by.join(", ")})`);
    expect(nodeModules).toEqual([]);
    expect([...external.keys()].filter((s) => !CORE_PACKAGES.has(s))).toEqual([]);
  });

  it.each(["core.d.ts", "core.d.cts"])("%s names no Node type or module (it type-checks without @types/node)", (file) => {
    const text = readFileSync(join(DIST, file), "utf8");
    expect(text.match(/\bNodeJS\.\w+|\bBuffer\b|["']node:[\w/]+["']/g) ?? []).toEqual([]);
  });

  it("the entry of the Node build does load Node modules (the checker sees them)", () => {
    const { external } = closure(join(DIST, "index.js"));
    expect([...external.keys()].filter(isNodeModule)).toEqual(expect.arrayContaining(["node:fs", "node:zlib", "node:child_process"]));
  });

  it("exports parseAds and formatAds as ESM and as CommonJS, and they work", async () => {
    const esm = (await import(pathToFileURL(join(DIST, "core.js")).href)) as CoreExports;
    const cjs = createRequire(import.meta.url)(join(DIST, "core.cjs")) as CoreExports;
    for (const core of [esm, cjs]) {
      expect(typeof core.parseAds).toBe("function");
      expect(typeof core.formatAds).toBe("function");
      const { ads } = core.parseAds(SAMPLE);
      expect(ads.length).toBe(1);
      expect(core.formatAds(ads, "long")).toBe('Cpus = 8\nMyType = "Machine"\nName = "slot1@a"\nRequirements = TARGET.RequestCpus <= Cpus\n\n');
    }
  });

  it("initialises the inlined re2js only inside the function that loads it on the first pattern", () => {
    const chunks = readdirSync(DIST).filter((name) => name.endsWith(".js") || name.endsWith(".cjs"));
    let loaders = 0;
    for (const name of chunks) {
      const text = readFileSync(join(DIST, name), "utf8");
      // esbuild wraps a module reached by `require` in a function run on the first call.
      const wrapper = /var (\w+) = __commonJS\(\{\s*"[^"]*re2js\/build\/index\.cjs"/.exec(text);
      if (wrapper === null) continue;
      loaders++;
      const calls = [...text.matchAll(new RegExp(`\\b${wrapper[1]}\\(\\)`, "g"))];
      expect(calls.length, name).toBeGreaterThan(0);
      const loader = text.indexOf("function re2js()");
      const end = text.indexOf("\n}\n", loader);
      for (const call of calls) expect(call.index > loader && call.index < end, `${name}: a call to ${wrapper[1]}() outside re2js()`).toBe(true);
    }
    // The ESM chunk shared by the entries and the CommonJS one.
    expect(loaders).toBe(2);
  });
});
