/**
 * `explain()`: the values it reports are the evaluator's own (every root value equals
 * `evaluateWithStatus` on the conformance context vectors and on the shared jobs x the OSPool
 * slots), references say where they were found, and the first UNDEFINED is traced to the root.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toByteString } from "../../src/model/bytes.js";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluateWithStatus } from "../../src/classad/evaluate.js";
import { parseAds } from "../../src/formats/read.js";
import { parseExpression } from "../../src/parser/index.js";
import { isMatchTrue } from "../../src/match/slow-path.js";
import { explain, type ExplainNode } from "../../src/explain/explain.js";
import { explanationJSON, renderExplanation } from "../../src/explain/render.js";
import { MAX_TRACE_FRAMES } from "../../src/explain/trace.js";
import { jobAd, MATCH_DATA, ospoolSlots } from "../match/fixtures.js";

const EVAL_DIR = join(import.meta.dirname, "../data/conformance/eval");
const NOW = 1_700_000_000;

function readAd(file: string): ClassAd {
  const ad = parseAds(readFileSync(join(EVAL_DIR, file), "latin1"), { format: "new" }).ads[0];
  if (ad === undefined) throw new Error(`no ad in ${file}`);
  return ad;
}

function vectors(file: string): { expr: string; expect: string }[] {
  return readFileSync(join(EVAL_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { expr: string; expect: string });
}

/** Every node of a tree, depth first. */
function nodes(root: ExplainNode): ExplainNode[] {
  const out: ExplainNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ExplainNode;
    out.push(node);
    stack.push(...node.children);
  }
  return out;
}

function find(root: ExplainNode, text: string): ExplainNode {
  const node = nodes(root).find((n) => n.text === text);
  if (node === undefined) throw new Error(`no node ${text} in ${nodes(root).map((n) => n.text).join(" | ")}`);
  return node;
}

describe("explain reports exactly what the evaluator computes", () => {
  it("on every context vector (a match of my.ad and target.ad): the same value and failure flag as evaluateWithStatus, and HTCondor's", () => {
    const my = readAd("my.ad");
    const target = readAd("target.ad");
    const options = { my, target, now: NOW, timeZone: "UTC" };
    const disagreements: string[] = [];
    let compared = 0;
    for (const vector of vectors("context.jsonl")) {
      let expr;
      try {
        expr = parseExpression(toByteString(vector.expr));
      } catch {
        continue;
      }
      const want = evaluateWithStatus(expr, options);
      const got = explain(expr, options);
      compared++;
      const wantText = unparseValue(want.value);
      const shown = wantText.length <= 200 && want.value.kind !== "classad" ? toByteString(got.valueText) === wantText : true;
      if (unparseValue(got.value) !== wantText || got.failed !== want.failed || !shown || got.tree.value !== got.valueText) {
        disagreements.push(`${vector.expr}: evaluate ${wantText}, explain ${unparseValue(got.value)}`);
      }
      if (unparseValue(got.value) !== toByteString(vector.expect)) disagreements.push(`${vector.expr}: HTCondor ${vector.expect}, explain ${unparseValue(got.value)}`);
      if (got.tree.evaluated !== true) disagreements.push(`${vector.expr}: root not marked evaluated`);
    }
    expect(compared).toBeGreaterThan(4000);
    expect(disagreements.slice(0, 10)).toEqual([]);
  }, 120_000);

  it("on the shared jobs x the OSPool slots, both directions: the evaluator's value, and HTCondor's matches", () => {
    const expected = readFileSync(join(MATCH_DATA, "expected.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { job: string; now: number; symmetric: number[] });
    const slots = ospoolSlots();
    const disagreements: string[] = [];
    for (const vector of expected) {
      const job = jobAd(vector.job);
      const matched: number[] = [];
      slots.forEach((slot, i) => {
        const jobSide = job.lookup("Requirements");
        const slotSide = slot.lookup("Requirements");
        if (jobSide === undefined || slotSide === undefined) throw new Error("an ad without Requirements");
        const options = { now: vector.now, timeZone: "UTC" };
        const a = explain(jobSide, { ...options, my: job, target: slot });
        const b = explain(slotSide, { ...options, my: slot, target: job });
        const wantA = evaluateWithStatus(jobSide, { ...options, my: job, target: slot });
        const wantB = evaluateWithStatus(slotSide, { ...options, my: slot, target: job });
        if (unparseValue(a.value) !== unparseValue(wantA.value)) disagreements.push(`${vector.job} slot ${i} job side`);
        if (unparseValue(b.value) !== unparseValue(wantB.value)) disagreements.push(`${vector.job} slot ${i} slot side`);
        if (isMatchTrue(a.value) && isMatchTrue(b.value)) matched.push(i);
      });
      expect(matched, vector.job).toEqual(vector.symmetric);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  }, 300_000);
});

describe("explain: references and the first UNDEFINED", () => {
  const job = ClassAd.fromJS({ RequestMemory: 2048, RequestCpus: 1 });
  const slot = ClassAd.fromJS({ Memory: 4096, Cpus: 4, Arch: "X86_64" });

  it("names a slot attribute the slot lacks as missing, shows the other references' values, and marks the path to the root", () => {
    const e = explain("TARGET.Memory >= RequestMemory && TARGET.HasDocker", { my: job, target: slot });
    expect(e.valueText).toBe("undefined");
    const missing = find(e.tree, "TARGET.HasDocker");
    expect(missing.value).toBe("undefined");
    expect(missing.reference?.source).toBe("missing");
    expect(missing.reference?.note).toBe("missing: TARGET does not define it");
    expect(missing.problemOrigin).toBe(true);
    expect(missing.onProblemPath).toBe(true);
    expect(e.tree.onProblemPath).toBe(true);
    expect(find(e.tree, "TARGET.Memory").value).toBe("4096");
    expect(find(e.tree, "TARGET.Memory").reference?.source).toBe("TARGET");
    expect(find(e.tree, "RequestMemory").value).toBe("2048");
    expect(find(e.tree, "RequestMemory").reference?.source).toBe("MY");
    expect(find(e.tree, "TARGET.Memory >= RequestMemory").onProblemPath).toBe(false);
    expect(e.problem).toEqual({ kind: "undefined", text: "TARGET.HasDocker", note: "missing: TARGET does not define it", reachesResult: true });
    const text = renderExplanation(e);
    expect(text).toMatch(/undefined {3}TARGET\.HasDocker {3}\[missing: TARGET does not define it\] {3}<- first UNDEFINED/);
    expect(text).toMatch(/4096 {3}TARGET\.Memory {3}\[TARGET\]/);
  });

  it("shows HTCondor's old-ClassAd fallback: an unscoped name MY lacks is found in TARGET", () => {
    const e = explain("Cpus >= RequestCpus", { my: job, target: slot });
    const cpus = find(e.tree, "Cpus");
    expect(cpus.reference?.source).toBe("TARGET");
    expect(cpus.reference?.fallback).toBe(true);
    expect(cpus.reference?.note).toBe("TARGET (not in MY: old-ClassAd fallback)");
    expect(e.valueText).toBe("true");
    const strict = explain("Cpus >= RequestCpus", { my: job, target: slot, strict: true });
    expect(find(strict.tree, "Cpus").reference?.note).toBe("missing: MY does not define it");
  });

  it("an unscoped name neither ad defines is missing from both", () => {
    const e = explain("NoSuchThing == 1", { my: job, target: slot });
    expect(find(e.tree, "NoSuchThing").reference?.note).toBe("missing: neither MY nor TARGET defines it");
    expect(e.problem?.text).toBe("NoSuchThing");
  });

  it("expands an attribute's definition, evaluated where it was found", () => {
    const ad = ClassAd.fromJS({ Limit: 100 });
    ad.setText("Wanted", "RequestMemory * 2", "new");
    ad.setText("RequestMemory", "64", "new");
    const e = explain("Wanted <= Limit", { my: ad });
    const wanted = find(e.tree, "Wanted");
    expect(wanted.value).toBe("128");
    expect(wanted.reference?.definition).toBe("RequestMemory * 2");
    expect(wanted.children[0]?.role).toBe("definition");
    expect(wanted.children[0]?.text).toBe("RequestMemory * 2");
    expect(e.valueText).toBe("false");
  });

  it("tells a circular reference (cut by the evaluator as UNDEFINED) from a missing one", () => {
    const ad = new ClassAd();
    ad.setText("a", "b + 1", "new");
    ad.setText("b", "a + 1", "new");
    const e = explain("a", { my: ad });
    expect(e.valueText).toBe("undefined");
    const inner = nodes(e.tree).filter((n) => n.text === "a" && n.role === "operand");
    expect(inner[0]?.reference?.circular).toBe(true);
    expect(inner[0]?.reference?.note).toMatch(/^circular: MY defines it in terms of itself/);
  });

  it("marks what a short-circuit skipped as not evaluated", () => {
    const e = explain("false && TARGET.Missing", { my: job, target: slot });
    expect(find(e.tree, "TARGET.Missing").evaluated).toBe(false);
    expect(find(e.tree, "TARGET.Missing").value).toBeNull();
    expect(e.valueText).toBe("false");
    expect(e.problem).toBeNull();
    const t = explain("Arch == \"X86_64\" ? 1 : TARGET.Missing", { my: job, target: slot });
    expect(find(t.tree, "TARGET.Missing").evaluated).toBe(false);
  });

  it("finds a problem an operator absorbed, and says so", () => {
    const e = explain("TARGET.Missing || true", { my: job, target: slot });
    expect(e.valueText).toBe("true");
    expect(e.problem).toMatchObject({ kind: "undefined", text: "TARGET.Missing", reachesResult: false });
  });

  it("follows ERROR to where it starts", () => {
    const e = explain('RequestCpus + "four" > 2 || TARGET.Memory > 0', { my: job, target: slot });
    expect(e.valueText).toBe("error");
    expect(e.problem?.kind).toBe("error");
    expect(e.problem?.text).toBe('RequestCpus + "four"');
  });

  it("shows the match frame's CurrentTime as time()", () => {
    const e = explain("CurrentTime > 5", { my: job, target: slot, now: 1000 });
    const now = find(e.tree, "CurrentTime");
    expect(now.value).toBe("1000");
    expect(now.reference?.source).toBe("CurrentTime");
  });

  it("gives the items a function evaluated their values", () => {
    const e = explain('member(Arch, { "INTEL", "X86_64" })', { my: slot });
    expect(e.valueText).toBe("true");
    expect(find(e.tree, '"X86_64"').evaluated).toBe(true);
  });

  it("carries precedence hints for the expression", () => {
    const e = explain("EnteredCurrentStatus - JobCurrentStartDate > maxWalltime is undefined ? 4320*60 : maxWalltime*60");
    expect(e.hints.map((h) => h.code)).toContain("ternary-condition");
  });

  it("JSON: plain data, the root value as text and kind", () => {
    const e = explain("TARGET.Memory * 2", { my: job, target: slot });
    const json = JSON.parse(JSON.stringify(explanationJSON(e))) as { value: string; type: string; tree: ExplainNode };
    expect(json.value).toBe("8192");
    expect(json.type).toBe("int");
    expect(json.tree.children[0]?.reference?.source).toBe("TARGET");
  });

  it("stays bounded on a huge evaluation: the value is exact, the tree is cut", () => {
    const big = Array.from({ length: 300 }, (_, i) => `x${i}`).join(" + ");
    const ad = new ClassAd();
    for (let i = 0; i < 300; i++) ad.setText(`x${i}`, "size(\"abc\") + 0 * 1", "new");
    const e = explain(big, { my: ad });
    expect(e.valueText).toBe("900");
    expect(e.tree.value).toBe("900");
    expect(MAX_TRACE_FRAMES).toBeGreaterThan(1000);
    // A loop through a list of 10,000 evaluations stays within the frame budget.
    const heavy = explain(`size(split(join(",", { ${Array.from({ length: 2000 }, () => '"a"').join(",")} })))`);
    expect(heavy.valueText).toBe("2000");
  });
});
