/**
 * Evaluation conformance: every vector of test/data/conformance/eval/*.jsonl, produced by
 * HTCondor's C++ library (old-ClassAd semantics, TZ=UTC). Each expression is parsed, evaluated
 * (in an empty ad; context.jsonl in a match of my.ad and target.ad), and the value unparsed
 * canonically must equal `expect` byte for byte.
 *
 * Failures are reported per file, split into those whose expression calls a function the
 * registry does not have (the functions' share) and the others.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toByteString } from "../../src/model/bytes.js";
import type { Expr } from "../../src/model/nodes.js";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluate } from "../../src/classad/evaluate.js";
import type { EvaluateOptions } from "../../src/model/evaluation.js";
import { parseAds } from "../../src/formats/read.js";
import { walkExpr } from "../../src/ast/walk.js";
import { builtinFunctions } from "../../src/functions/registry.js";
import { parseExpression, parseRecord } from "../../src/parser/index.js";

const DIR = join(__dirname, "../data/conformance/eval");
/** A fixed clock: no vector depends on it, but evaluation must not read the real one. */
const NOW = 1_700_000_000;

interface Vector {
  readonly expr: string;
  readonly expect: string;
}

function vectors(file: string): Vector[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Vector);
}

/** An ad file of the folder (read as bytes), in any format the readers know. */
function readAd(file: string): ClassAd {
  const text = readFileSync(join(DIR, file), "latin1");
  const ad = parseAds(text).ads[0];
  if (ad !== undefined) return ad;
  // Fallback for a reader in progress: a new-format `[...]` ad.
  return ClassAd.fromRecord(parseRecord(text));
}

/** Names (lower-cased) of the functions an expression calls, `missing` for those not registered. */
function calledFunctions(expr: Expr): { called: Set<string>; missing: string[] } {
  const called = new Set<string>();
  const missing = new Set<string>();
  walkExpr(expr, (node) => {
    if (node.kind !== "call") return;
    called.add(node.name.toLowerCase());
    if (!builtinFunctions.has(node.name)) missing.add(node.name.toLowerCase());
  });
  return { called, missing: [...missing] };
}

interface Outcome {
  readonly passed: number;
  /** Failures of expressions that call no function: the evaluator's own. */
  readonly failures: string[];
  /** Failures of expressions that call (registered) functions. */
  readonly functionFailures: string[];
  /** Expressions the parser rejects while HTCondor evaluates them (or the reverse). */
  readonly parseFailures: string[];
  readonly missingFunctionFailures: number;
  readonly missing: Map<string, number>;
}

function run(file: string, options: () => EvaluateOptions): Outcome {
  let passed = 0;
  let missingFunctionFailures = 0;
  const failures: string[] = [];
  const functionFailures: string[] = [];
  const parseFailures: string[] = [];
  const missing = new Map<string, number>();
  for (const vector of vectors(file)) {
    const want = toByteString(vector.expect);
    let expr: Expr | null = null;
    let got: string;
    try {
      expr = parseExpression(toByteString(vector.expr));
      got = unparseValue(evaluate(expr, options()));
    } catch (error) {
      got = expr === null ? "PARSE_ERROR" : `THROWN ${String(error)}`;
    }
    if (got === want) {
      passed++;
      continue;
    }
    const functions = expr === null ? null : calledFunctions(expr);
    const line = `${vector.expr}\n    want ${want}\n    got  ${got}`;
    if (expr === null || want === "PARSE_ERROR") {
      parseFailures.push(line);
    } else if (functions !== null && functions.missing.length > 0) {
      missingFunctionFailures++;
      for (const name of functions.missing) missing.set(name, (missing.get(name) ?? 0) + 1);
    } else if (functions !== null && functions.called.size > 0) {
      functionFailures.push(line);
    } else {
      failures.push(line);
    }
  }
  return { passed, failures, functionFailures, parseFailures, missingFunctionFailures, missing };
}

function report(file: string, total: number, outcome: Outcome): void {
  const missingList = [...outcome.missing.entries()].map(([name, n]) => `${name}(${n})`).join(" ");
  console.log(
    `eval conformance ${file}: ${outcome.passed}/${total} pass; ` +
      `${outcome.failures.length} failures without function calls; ` +
      `${outcome.functionFailures.length} failures involving function calls; ` +
      `${outcome.parseFailures.length} parse disagreements; ` +
      `${outcome.missingFunctionFailures} need missing functions` +
      (missingList ? ` [${missingList}]` : ""),
  );
}

const EMPTY_AD_FILES = ["systematic.jsonl", "typed.jsonl", "random.jsonl"];

/** Vectors each file holds: an empty or truncated file must fail, not pass vacuously. */
const EXPECTED_COUNTS = new Map([
  ["systematic.jsonl", 35_875],
  ["typed.jsonl", 8_255],
  ["random.jsonl", 4_386],
  ["context.jsonl", 4_295],
]);

describe("eval conformance (HTCondor vectors)", () => {
  for (const file of EMPTY_AD_FILES) {
    it(`${file}: every vector evaluates as HTCondor does`, () => {
      const outcome = run(file, () => ({ my: new ClassAd(), now: NOW, timeZone: "UTC" }));
      report(file, vectors(file).length, outcome);
      expect(vectors(file)).toHaveLength(EXPECTED_COUNTS.get(file) as number);
      expect(outcome.passed).toBe(EXPECTED_COUNTS.get(file));
      expect(outcome.failures.slice(0, 25)).toEqual([]);
      expect(outcome.functionFailures.slice(0, 25)).toEqual([]);
      expect(outcome.parseFailures.slice(0, 25)).toEqual([]);
      expect(outcome.missingFunctionFailures).toBe(0);
    });
  }

  it("context.jsonl: every vector evaluates as HTCondor does in a match of my.ad and target.ad", () => {
    const my = readAd("my.ad");
    const target = readAd("target.ad");
    const outcome = run("context.jsonl", () => ({ my, target, now: NOW, timeZone: "UTC" }));
    report("context.jsonl", vectors("context.jsonl").length, outcome);
    expect(vectors("context.jsonl")).toHaveLength(EXPECTED_COUNTS.get("context.jsonl") as number);
    expect(outcome.passed).toBe(EXPECTED_COUNTS.get("context.jsonl"));
    expect(outcome.failures.slice(0, 25)).toEqual([]);
    expect(outcome.functionFailures.slice(0, 25)).toEqual([]);
    expect(outcome.parseFailures.slice(0, 25)).toEqual([]);
    expect(outcome.missingFunctionFailures).toBe(0);
  });
});
