/**
 * The built declarations against the built code, in both directions, for both entries
 * (`classad`, `classad/core`) and both module formats: every value the code exports is declared,
 * and every value the declarations promise exists at run time (a type-only export that lost its
 * `type` in the declaration bundle would be a value the code does not have). The declaration
 * files themselves must type-check.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/built-cli.js";

const DIST = join(ROOT, "dist");

/**
 * Names of the values (not types) a declaration file exports, aliases followed, after checking
 * that the file itself type-checks (only it: @types/node is not checked, only read).
 */
function declaredValues(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true, strict: true, types: ["node"], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`${file} not found`);
  const problems = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  expect(problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), `${file} does not type-check`).toEqual([]);
  const module = checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${file} is not a module`);
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((symbol) => symbol.getName())
    .sort();
}

function runtimeNames(module: object): string[] {
  return Object.keys(module)
    .filter((name) => name !== "default" && name !== "__esModule")
    .sort();
}

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe("declarations match the run-time exports", () => {
  const require = createRequire(import.meta.url);
  for (const entry of ["index", "core"]) {
    it(`${entry}: ESM (.d.ts against .js)`, async () => {
      const code = runtimeNames((await import(pathToFileURL(join(DIST, `${entry}.js`)).href)) as object);
      const declared = declaredValues(join(DIST, `${entry}.d.ts`));
      expect(code.length).toBeGreaterThan(50);
      expect(declared.filter((name) => !code.includes(name)), "declared but missing at run time").toEqual([]);
      expect(code.filter((name) => !declared.includes(name)), "exported but not declared").toEqual([]);
    }, 120_000);

    it(`${entry}: CommonJS (.d.cts against .cjs)`, () => {
      const code = runtimeNames(require(join(DIST, `${entry}.cjs`)) as object);
      const declared = declaredValues(join(DIST, `${entry}.d.cts`));
      expect(declared.filter((name) => !code.includes(name)), "declared but missing at run time").toEqual([]);
      expect(code.filter((name) => !declared.includes(name)), "exported but not declared").toEqual([]);
    }, 120_000);
  }

  it("the CommonJS and ESM builds export the same names", async () => {
    for (const entry of ["index", "core"]) {
      const esm = runtimeNames((await import(pathToFileURL(join(DIST, `${entry}.js`)).href)) as object);
      expect(runtimeNames(require(join(DIST, `${entry}.cjs`)) as object)).toEqual(esm);
    }
  });
});
