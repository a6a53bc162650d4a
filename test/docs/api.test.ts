/**
 * docs/api.md is hand-written: this keeps it in step with what the package exports, both ways.
 * Every name src/index.ts exports (values and types) must appear in docs/api.md in code quotes
 * (`name`) or in a heading; and every name the page presents as an export must be one: each name
 * in code quotes in a heading, and each call written in prose (`name(...)`, lower case, outside
 * the member tables) that is not a ClassAd builtin function (`random()`, `userMap()`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { builtinFunctions } from "../../src/functions/registry.js";

const ROOT = join(import.meta.dirname, "..", "..");
const INDEX = join(ROOT, "src", "index.ts");

let cachedNames: string[] | undefined;

function exportedNames(): string[] {
  cachedNames ??= readExportedNames();
  return cachedNames;
}

function readExportedNames(): string[] {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  if (source === undefined) throw new Error("src/index.ts not found");
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error("src/index.ts is not a module");
  return checker.getExportsOfModule(moduleSymbol).map((s) => s.getName()).filter((n) => n !== "default");
}

function escape(name: string): string {
  return name.replace(/[$]/g, "\\$");
}

describe("docs/api.md", () => {
  it("mentions every export of src/index.ts", () => {
    const doc = readFileSync(join(ROOT, "docs", "api.md"), "utf8");
    const names = exportedNames();
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((name) => {
      const quoted = new RegExp("`(new )?" + escape(name) + "\\b");
      const heading = new RegExp("^#+ .*\\b" + escape(name) + "\\b", "m");
      return !quoted.test(doc) && !heading.test(doc);
    });
    expect(missing, `exports not documented in docs/api.md: ${missing.join(", ")}`).toEqual([]);
  }, 120_000);

  it("names no export that does not exist", () => {
    const doc = readFileSync(join(ROOT, "docs", "api.md"), "utf8");
    const exported = new Set(exportedNames());
    const presented = new Set<string>();
    for (const line of doc.split("\n")) {
      if (line.startsWith("|")) continue;
      const heading = line.startsWith("#");
      for (const [, name, call] of line.matchAll(/`(?:new )?([A-Za-z_$][\w$]*)(\(?)[^`]*`/g)) {
        if (heading || (call === "(" && /^[a-z]/.test(name ?? ""))) presented.add(name ?? "");
      }
    }
    expect(presented.size).toBeGreaterThan(50);
    const JS_GLOBALS = new Set(["require"]);
    const phantom = [...presented].filter((name) => !exported.has(name) && !JS_GLOBALS.has(name) && builtinFunctions.getLower(name.toLowerCase()) === undefined);
    expect(phantom, `docs/api.md presents names the package does not export: ${phantom.join(", ")}`).toEqual([]);
  }, 120_000);
});
