/**
 * docs/api.md is hand-written: this keeps it in step with what the package exports. Every name
 * src/index.ts exports (values and types) must appear in docs/api.md in code quotes (`name`) or
 * in a heading.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const INDEX = join(ROOT, "src", "index.ts");

function exportedNames(): string[] {
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
});
