/**
 * Pinned vectors: divergences the differential campaigns found (fuzz/), each with HTCondor's own
 * answer (test/data/conformance/pinned, written by `npm run fuzz:pin`). Evaluated in an empty ad,
 * printed back, evaluated in a match of context-my.ad and context-target.ad, and ad files
 * converted to every output format, as the reference drivers do.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unparse, unparseValue } from "../../src/ast/print.js";
import { ClassAd, evaluateAttributeOf } from "../../src/classad/classad.js";
import { formatAds, parseAds, type AdFormat } from "../../src/formats/index.js";
import { toByteString } from "../../src/model/bytes.js";
import { ERROR } from "../../src/model/value.js";
import { ClassAdLimitError, ClassAdParseError, parseExpression } from "../../src/parser/index.js";

const DIR = join(__dirname, "../data/conformance/pinned");
/** The frozen clock the campaigns ran at (nothing pinned depends on it). */
const NOW = 1_783_286_200;

function records<T>(file: string): T[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

interface Vector {
  readonly expr: string;
  readonly expect: string;
}

/** The eval driver: the line inserted as an attribute of MY and that attribute evaluated. */
function evaluateAsDriver(text: string, my: ClassAd, target?: ClassAd): string {
  let expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) return "PARSE_ERROR";
    throw error;
  }
  my.set("__oracle_expr__", expr);
  try {
    const result = evaluateAttributeOf(my, "__oracle_expr__", { target, now: NOW, timeZone: "UTC" });
    return unparseValue(result.failed ? ERROR : result.value);
  } finally {
    my.delete("__oracle_expr__");
  }
}

function check(file: string, count: number, answer: (text: string) => string): void {
  const vectors = records<Vector>(file);
  const failures = vectors
    .map(({ expr, expect: want }) => ({ expr, want: toByteString(want), got: answer(toByteString(expr)) }))
    .filter(({ want, got }) => want !== got)
    .map(({ expr, want, got }) => `${expr}\n    want ${want}\n    got  ${got}`);
  console.log(`pinned ${file}: ${vectors.length - failures.length}/${vectors.length} pass`);
  expect(vectors).toHaveLength(count);
  expect(failures).toEqual([]);
}

function readAd(file: string): ClassAd {
  const ad = parseAds(readFileSync(join(DIR, file), "latin1")).ads[0];
  if (ad === undefined) throw new Error(`no ad in ${file}`);
  return ad;
}

describe("pinned vectors from the differential campaigns (HTCondor's answers)", () => {
  it("eval.jsonl: every expression evaluates as HTCondor does in an empty ad", () => {
    check("eval.jsonl", 157, (text) => evaluateAsDriver(text, new ClassAd()));
  });

  it("unparse.jsonl: every expression prints back as HTCondor prints it", () => {
    check("unparse.jsonl", 19, (text) => {
      try {
        return unparse(parseExpression(text));
      } catch (error) {
        if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) return "PARSE_ERROR";
        throw error;
      }
    });
  });

  it("context.jsonl: every expression evaluates as HTCondor does in a match of context-my.ad and context-target.ad", () => {
    const my = readAd("context-my.ad");
    const target = readAd("context-target.ad");
    check("context.jsonl", 28, (text) => evaluateAsDriver(text, my, target));
  });

  it("convert.jsonl: every file converts to each format byte for byte as HTCondor's tools print it", () => {
    const conversions = records<{ name: string; input: string; to: AdFormat; expect: string }>("convert.jsonl");
    const failures = conversions
      .map((c) => ({ c, got: formatAds(parseAds(toByteString(c.input)).ads, c.to, { encoding: "bytes" }) }))
      .filter(({ c, got }) => got !== toByteString(c.expect))
      .map(({ c, got }) => `${c.name} -> ${c.to}\n    want ${JSON.stringify(c.expect)}\n    got  ${JSON.stringify(got)}`);
    console.log(`pinned convert.jsonl: ${conversions.length - failures.length}/${conversions.length} pass`);
    expect(conversions).toHaveLength(44);
    expect(new Set(conversions.map((c) => c.name)).size).toBe(11);
    expect(failures).toEqual([]);
  });
});

/**
 * Where HTCondor's answer cannot be followed (docs/quirks.md, "Deviations"), the answer this
 * library gives instead, each checked against what the construct gives elsewhere.
 */
describe("documented deviations (docs/quirks.md)", () => {
  const run = (text: string): string => evaluateAsDriver(toByteString(text), new ClassAd());

  it("select-from-a-freed-copy: x[\"name\"].attr is the attribute, as x.name.attr is", () => {
    expect(run('[a = [b = 1]]["a"].b')).toBe(run("[a = [b = 1]].a.b"));
    expect(run('[a = [b = 1]]["a"].b')).toBe("1");
  });

  it("crash-in-htcondor: a function's list projects and iterates as a literal list does", () => {
    expect(run('split("a").x')).toBe(run('{"a"}.x'));
    expect(run('evalInEachContext(0, split(""))')).toBe(run("evalInEachContext(0, {})"));
    expect(run('countMatches(0, splitUserName(""))')).toBe(run('countMatches(0, {"", ""})'));
    // An attribute subscripting itself is a cycle, UNDEFINED as any other.
    expect(run('[x = self["x"]].x')).toBe("undefined");
    expect(run("[x = x].x")).toBe("undefined");
  });

  it("pow-rounding: pow is the correctly rounded power (ties to even), x * x for y = 2", () => {
    expect(run("pow(3, 34)")).toBe("16677181699666568");
    expect(run("pow(-95.83876132965088, 2)")).toBe(run("-95.83876132965088 * -95.83876132965088"));
    expect(run("pow(23.04505705833435, 2)")).toBe(run("23.04505705833435 * 23.04505705833435"));
  });

  it("regex-engine: PCRE-only patterns are ERROR", () => {
    expect(run('regexp("a(?=b)", "ab")')).toBe("error");
    expect(run('regexp("(a)\\\\1", "aa")')).toBe("error");
    expect(run('regexp("a++", "aa")')).toBe("error");
    expect(run('regexp("a{1001}", "a")')).toBe("error");
  });

  it("time-beyond-gmtime: the calendar's own fields, where HTCondor reads an uninitialised struct tm", () => {
    const split = run("splitTime(223372036854775807)");
    const day = Number(/Day = (-?\d+)/.exec(split)?.[1]);
    const month = Number(/Month = (-?\d+)/.exec(split)?.[1]);
    expect(day).toBeGreaterThanOrEqual(1);
    expect(day).toBeLessThanOrEqual(31);
    expect(month).toBeGreaterThanOrEqual(1);
    expect(month).toBeLessThanOrEqual(12);
  });

  it("a formatTime result longer than HTCondor's 1023-byte buffer is \"\"", () => {
    expect(run('formatTime(0, "%1100Y")')).toBe('""');
    expect(run(`formatTime(0, "${"x".repeat(1022)}")`)).toBe(`"${"x".repeat(1022)}"`);
    expect(run(`formatTime(0, "${"x".repeat(1023)}")`)).toBe('""');
  });
});
