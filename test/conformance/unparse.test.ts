/**
 * Unparse conformance: every vector of test/data/conformance/unparse/*.jsonl, produced by
 * HTCondor's C++ library. Each expression must parse and print back exactly as `expect`
 * (HTCondor's new-syntax unparser), and `PARSE_ERROR` vectors must fail to parse with the
 * front end's typed error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toByteString } from "../../src/model/bytes.js";
import { unparse } from "../../src/ast/print.js";
import { ClassAdLimitError, ClassAdParseError, parseExpression } from "../../src/parser/index.js";

const DIR = join(__dirname, "../data/conformance/unparse");

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

/** What our front end makes of an expression: its canonical text, or PARSE_ERROR. */
function canonical(text: string): string {
  try {
    return unparse(parseExpression(text));
  } catch (err) {
    if (err instanceof ClassAdParseError || err instanceof ClassAdLimitError) return "PARSE_ERROR";
    throw err;
  }
}

describe("unparse conformance (HTCondor vectors)", () => {
  /** Vectors each file holds: an empty or truncated file must fail, not pass vacuously. */
  const EXPECTED_COUNTS = new Map([
    ["systematic.jsonl", 35_892],
    ["typed.jsonl", 4_301],
  ]);

  for (const file of ["systematic.jsonl", "typed.jsonl"]) {
    it(`${file}: every vector parses and prints as HTCondor prints it`, () => {
      const all = vectors(file);
      expect(all).toHaveLength(EXPECTED_COUNTS.get(file) as number);
      const failures: string[] = [];
      for (const { expr, expect: want } of all) {
        const got = canonical(toByteString(expr));
        if (got !== toByteString(want)) failures.push(`${expr}\n  want ${want}\n  got  ${got}`);
      }
      console.log(`unparse conformance ${file}: ${all.length - failures.length}/${all.length} pass`);
      expect(failures.slice(0, 25)).toEqual([]);
    });
  }

  /**
   * HTCondor's printed forms that do not read back to themselves, each for a reason of
   * HTCondor's own printer (we print exactly what it prints, so we inherit them):
   * - ` - -1`: a unary minus printed before another one; read back, the second `-` and the 1
   *   lex as one negative literal (`-` directly before a digit after an operator).
   * - `[ 'a b' = 3 ].a b`: the name after a `.` is printed unquoted, so it no longer parses.
   */
  const NOT_IDEMPOTENT_IN_HTCONDOR = new Map([
    [" - -1", " --1"],
    ["[ 'a b' = 3 ].a b", "PARSE_ERROR"],
  ]);

  it("printing is idempotent on every vector, except HTCondor's own listed cases", () => {
    const exceptions = new Map<string, string>();
    let checked = 0;
    for (const file of ["systematic.jsonl", "typed.jsonl"]) {
      for (const { expect: want } of vectors(file)) {
        if (want === "PARSE_ERROR") continue;
        const once = toByteString(want);
        const again = canonical(once);
        if (again !== once) exceptions.set(once, again);
        checked++;
      }
    }
    // Every vector but the PARSE_ERROR ones.
    const printable = ["systematic.jsonl", "typed.jsonl"].flatMap(vectors).filter((v) => v.expect !== "PARSE_ERROR").length;
    expect(checked).toBe(printable);
    expect(checked).toBeGreaterThan(40_000);
    expect(exceptions).toEqual(NOT_IDEMPOTENT_IN_HTCONDOR);
  });
});
