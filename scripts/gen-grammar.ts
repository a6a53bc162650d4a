/**
 * Regenerates the grammar artifacts from the parser itself:
 * - grammar/classad.gast.json: chevrotain's serialized grammar (`getSerializedGastProductions`);
 * - grammar/diagrams.html: railroad diagrams, loading chevrotain's renderer from grammar/diagrams/
 *   (a vendored copy of node_modules/chevrotain/diagrams, so the page works offline).
 *
 * Run with `npm run grammar`. test/parser/grammar-artifacts.test.ts fails when the committed files
 * differ from what this produces.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { grammarArtifacts } from "./grammar-artifacts.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "grammar");
mkdirSync(out, { recursive: true });
const { gast, html } = grammarArtifacts();
writeFileSync(join(out, "classad.gast.json"), gast);
writeFileSync(join(out, "diagrams.html"), html);
const vendored = join(out, "diagrams");
cpSync(join(root, "node_modules", "chevrotain", "diagrams"), vendored, { recursive: true });
console.log(`wrote ${join(out, "classad.gast.json")}, ${join(out, "diagrams.html")} and ${vendored}/`);
