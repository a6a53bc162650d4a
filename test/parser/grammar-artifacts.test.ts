import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grammarArtifacts } from "../../scripts/grammar-artifacts.js";
import { createValidatedGrammar } from "../../src/parser/index.js";

const GRAMMAR_DIR = join(import.meta.dirname, "..", "..", "grammar");

describe("grammar", () => {
  it("has no chevrotain definition errors with validations on", () => {
    // performSelfAnalysis throws on any definition error when validations are on.
    const parser = createValidatedGrammar();
    expect((parser as unknown as { definitionErrors: unknown[] }).definitionErrors).toEqual([]);
  });

  it("committed artifacts match the parser (run `npm run grammar` after grammar changes)", () => {
    const { gast, html } = grammarArtifacts();
    expect(readFileSync(join(GRAMMAR_DIR, "classad.gast.json"), "utf8")).toBe(gast);
    expect(readFileSync(join(GRAMMAR_DIR, "diagrams.html"), "utf8")).toBe(html);
  });

  it("diagrams load their renderer from the vendored copy, not the network", () => {
    const html = readFileSync(join(GRAMMAR_DIR, "diagrams.html"), "utf8");
    expect(html).not.toContain("unpkg.com");
    expect(readFileSync(join(GRAMMAR_DIR, "diagrams", "vendor", "railroad-diagrams.js"), "utf8").length).toBeGreaterThan(1000);
  });
});
