/**
 * The import graph of src/ against the layers of docs/architecture.md. Every relative import is
 * read with TypeScript's own parser; an import counts as type-only when the declaration or every
 * name it brings is marked `type`. Checked:
 * - each folder imports only folders of a lower layer (type imports included), so no folder cycle;
 * - no cycle of files through run-time imports;
 * - the bottom layer (`model`) imports nothing outside itself;
 * - `classad/core` is browser-safe: the files src/core.ts reaches (through every import, type
 *   imports included, since their declarations ship too) import no Node module and no package
 *   other than the two the language needs, and name no `NodeJS.` type and no `Buffer`.
 * The built output is checked as well, in built-core.test.ts.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..", "src");

/** Folders of src/, bottom up; a folder may import its own layer's files and every lower layer. */
const LAYERS: readonly (readonly string[])[] = [
  ["model"],
  ["ast"],
  ["lexer"],
  ["parser"],
  ["eval"],
  ["functions"],
  ["classad"],
  ["submit"],
  ["formats", "match", "probe", "explain"],
  ["analyze"],
  ["cli", "web"],
];
/** Entry files at the top of src/ may import anything. */
const TOP = "(top)";
/** The browser-safe entry, and the only packages its files may import. */
const CORE_ENTRY = join(SRC, "core.ts");
const CORE_PACKAGES = new Set(["chevrotain", "re2js"]);

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (entry.endsWith(".ts")) out.push(path);
  }
  return out;
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : TOP;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause === undefined) return false;
    if (clause.isTypeOnly) return true;
    if (clause.name !== undefined) return false;
    const bindings = clause.namedBindings;
    return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
  }
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** Relative imports (resolved to files) and bare package imports of one file. */
function importsOf(file: string): { edges: Edge[]; packages: string[]; nodeTypes: boolean } {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const packages: string[] = [];
  const visit = (node: ts.Node): void => {
    let specifier: string | undefined;
    let typeOnly = false;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifier = node.moduleSpecifier.text;
      typeOnly = isTypeOnly(node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteral(arg)) specifier = arg.text;
    }
    if (specifier !== undefined) {
      if (specifier.startsWith(".")) {
        const target = normalize(join(dirname(file), specifier)).replace(/\.js$/, ".ts");
        edges.push({ from: file, to: target, typeOnly });
      } else {
        packages.push(specifier);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { edges, packages, nodeTypes: /\bNodeJS\.|\bBuffer\b/.test(text) };
}

const files = sourceFiles(SRC);
const graph = files.map((file) => ({ file, ...importsOf(file) }));
const edges = graph.flatMap((g) => g.edges);
const rank = new Map<string, number>();
LAYERS.forEach((layer, i) => layer.forEach((folder) => rank.set(folder, i)));

/** Strongly connected components with more than one member (Tarjan, iterative). */
function cycles(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; children: readonly string[]; at: number }> = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.at < top.children.length) {
        const child = top.children[top.at++]!;
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1) found.push(component.map((f) => relative(SRC, f)).sort());
      }
    }
  }
  return found;
}

describe("import graph of src/", () => {
  it("reads every file and finds the imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
    for (const edge of edges) expect(files, `${relative(SRC, edge.from)} imports a missing file`).toContain(edge.to);
  });

  it("places every folder in a layer", () => {
    const folders = new Set(files.map(folderOf));
    folders.delete(TOP);
    expect([...folders].filter((f) => !rank.has(f))).toEqual([]);
  });

  it("imports point down the layers only (type imports included)", () => {
    const upward = edges
      .filter((e) => folderOf(e.from) !== TOP && folderOf(e.from) !== folderOf(e.to))
      // The web page is built on the published core entry, not on the folders below it.
      .filter((e) => !(folderOf(e.from) === "web" && relative(SRC, e.to) === "core.ts"))
      .filter((e) => folderOf(e.to) === TOP || rank.get(folderOf(e.to))! >= rank.get(folderOf(e.from))!)
      .map((e) => `${relative(SRC, e.from)} -> ${relative(SRC, e.to)}`);
    expect(upward).toEqual([]);
  });

  it("has no folder cycle and no run-time file cycle", () => {
    const folderNext = new Map<string, Set<string>>();
    for (const e of edges) {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      if (a !== b && a !== TOP && b !== TOP) (folderNext.get(a) ?? folderNext.set(a, new Set()).get(a)!).add(b);
    }
    const folders = [...new Set(files.map(folderOf))];
    expect(cycles(folders, (f) => [...(folderNext.get(f) ?? [])])).toEqual([]);
    const runtime = new Map<string, string[]>();
    for (const e of edges) if (!e.typeOnly) (runtime.get(e.from) ?? runtime.set(e.from, []).get(e.from)!).push(e.to);
    expect(cycles(files, (f) => runtime.get(f) ?? [])).toEqual([]);
  });

  it("finds a cycle when one is there (the checker itself)", () => {
    const next: Record<string, string[]> = { a: ["b"], b: ["c"], c: ["a"], d: ["a"] };
    expect(cycles(["a", "b", "c", "d"], (n) => next[n] ?? []).map((c) => c.length)).toEqual([3]);
  });

  it("keeps the bottom layer free of imports", () => {
    const modelOut = edges.filter((e) => folderOf(e.from) === "model" && folderOf(e.to) !== "model");
    expect(modelOut.map((e) => relative(SRC, e.from))).toEqual([]);
    const modelPackages = graph.filter((g) => folderOf(g.file) === "model").flatMap((g) => g.packages);
    expect(modelPackages).toEqual([]);
  });

  it("keeps every file src/core.ts reaches free of Node modules and Node types", () => {
    const reached = reachableFrom(CORE_ENTRY);
    const coreGraph = graph.filter((g) => reached.has(g.file));
    const foreign = coreGraph.flatMap((g) => g.packages.filter((p) => !CORE_PACKAGES.has(p)).map((p) => `${relative(SRC, g.file)}: ${p}`));
    expect(foreign).toEqual([]);
    expect(coreGraph.filter((g) => g.nodeTypes).map((g) => relative(SRC, g.file))).toEqual([]);
  });

  it("reaches the browser-safe readers, writers and probe parsers from src/core.ts, and no Node-only file", () => {
    const reached = [...reachableFrom(CORE_ENTRY)].map((f) => relative(SRC, f).split(sep).join("/"));
    expect(reached).toEqual(
      expect.arrayContaining(["formats/read.ts", "formats/writer.ts", "formats/json-writer.ts", "probe/parsers/os.ts", "probe/parsers/proc.ts", "probe/wrapper.ts", "submit/requirements.ts"]),
    );
    for (const nodeOnly of ["formats/input.ts", "formats/stream.ts", "probe/view.ts", "probe/probe.ts", "index.ts", "cli/main.ts"]) {
      expect(reached, nodeOnly).not.toContain(nodeOnly);
    }
  });

  it("builds the web page from classad/core alone: src/web imports only src/core.ts (and its own files)", () => {
    const outside = edges
      .filter((e) => folderOf(e.from) === "web" && folderOf(e.to) !== "web" && relative(SRC, e.to) !== "core.ts")
      .map((e) => `${relative(SRC, e.from)} -> ${relative(SRC, e.to)}`);
    expect(outside).toEqual([]);
    const webPackages = graph.filter((g) => folderOf(g.file) === "web").flatMap((g) => g.packages.map((p) => `${relative(SRC, g.file)}: ${p}`));
    expect(webPackages).toEqual([]);
  });
});

/** Files reached from `entry` through relative imports of every kind. */
function reachableFrom(entry: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) (next.get(e.from) ?? next.set(e.from, []).get(e.from)!).push(e.to);
  const seen = new Set<string>([entry]);
  const work = [entry];
  while (work.length > 0) {
    for (const to of next.get(work.pop()!) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        work.push(to);
      }
    }
  }
  return seen;
}
