/** The generated grammar artifacts as strings (shared by scripts/gen-grammar.ts and its drift test). */
import { createSyntaxDiagramsCode } from "chevrotain";
import { createValidatedGrammar } from "../src/parser/index.js";

export function grammarArtifacts(): { gast: string; html: string } {
  const productions = createValidatedGrammar().getSerializedGastProductions();
  const gast = JSON.stringify(productions, null, 2) + "\n";
  const html = createSyntaxDiagramsCode(productions, {
    resourceBase: "./diagrams/",
    css: "./diagrams/diagrams.css",
  });
  return { gast, html };
}
