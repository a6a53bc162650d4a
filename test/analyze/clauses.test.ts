import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unparse } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluate } from "../../src/classad/evaluate.js";
import { parseExpression } from "../../src/parser/index.js";
import { clauseText, collectReferences, slotClauses, splitAnd } from "../../src/analyze/clauses.js";
import { isMatchTrue } from "../../src/analyze/match-eval.js";

function ad(lines: Record<string, string>): ClassAd {
  const out = new ClassAd();
  for (const [name, text] of Object.entries(lines)) out.set(name, parseExpression(text));
  return out;
}

describe("splitAnd", () => {
  it("splits a chain of && through parentheses, in source order", () => {
    const clauses = splitAnd(parseExpression("(a && (b)) && (c || d) && !e && f(g && h)"));
    expect(clauses.map(clauseText)).toEqual(["a", "b", "c || d", "!e", "f(g && h)"]);
  });

  it("keeps a single clause whole", () => {
    expect(splitAnd(parseExpression("(x || y)")).map(clauseText)).toEqual(["x || y"]);
  });

  it("the whole is true exactly when every clause is true (any values, including undefined and error)", () => {
    const leaf = fc.constantFrom("a", "b", "c", "d", "missing", "err", "1", "0", "\"s\"");
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(tie("node"), tie("node")).map(([l, r]) => `(${l} && ${r})`),
        fc.tuple(tie("node"), tie("node")).map(([l, r]) => `(${l} || ${r})`),
        tie("node").map((e) => `!${e}`),
      ),
    })).node as fc.Arbitrary<string>;
    const value = fc.constantFrom("true", "false", "undefined", "error", "1", "0");
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 5 }), value, value, value, value, (parts, a, b, c, d) => {
        const my = ad({ a, b, c, d, err: "error" });
        const expr = parseExpression(parts.join(" && "));
        const whole = isMatchTrue(evaluate(expr, { my, now: 0 }));
        const each = splitAnd(expr).every((clause) => isMatchTrue(evaluate(clause, { my, now: 0 })));
        expect(whole).toBe(each);
      }),
    );
  });
});

describe("slotClauses", () => {
  it("expands the slot's own policy attributes in place, and names where each clause comes from", () => {
    const slot = ad({
      Requirements: "START && WithinResourceLimits",
      START: "(true && (SiteDraining =?= false)) && MY.Extra",
      Extra: "TARGET.ProjectName isnt undefined && TARGET.X > 1",
      WithinResourceLimits: "TARGET.RequestCpus <= MY.Cpus",
    });
    const clauses = slotClauses(slot).map((c) => [c.from, unparse(c.expr)]);
    expect(clauses).toEqual([
      ["START", "SiteDraining is false"],
      ["Extra", "TARGET.ProjectName isnt undefined"],
      ["Extra", "TARGET.X > 1"],
      ["WithinResourceLimits", "TARGET.RequestCpus <= MY.Cpus"],
    ]);
  });

  it("stops at self-references instead of looping", () => {
    const slot = ad({ Requirements: "START && Y", START: "START && Z", Y: "Requirements" });
    const clauses = slotClauses(slot).map((c) => unparse(c.expr));
    expect(clauses).toEqual(["START", "Z", "Requirements"]);
  });

  it("gives nothing for a slot without Requirements", () => {
    expect(slotClauses(ad({ START: "true" }))).toEqual([]);
  });
});

describe("collectReferences", () => {
  it("separates the other ad's attributes from the job's own, following the job's expressions", () => {
    const job = ad({ RequestMemory: "2 * Base", Base: "512", Requirements: "x" });
    const refs = collectReferences(
      parseExpression("TARGET.Memory >= RequestMemory && HAS_SINGULARITY && MY.Base > 1 && other.Cpus > 0"),
      job,
    );
    expect([...refs.target]).toEqual(["Memory", "HAS_SINGULARITY", "Cpus"]);
    expect([...refs.explicitTarget]).toEqual(["Memory", "Cpus"]);
    expect([...refs.my].map((n) => n.toLowerCase()).sort()).toEqual(["base", "requestmemory"]);
    expect(refs.timeDependent).toBe(false);
  });

  it("notices time dependence", () => {
    const job = ad({});
    expect(collectReferences(parseExpression("time() < 5"), job).timeDependent).toBe(true);
    expect(collectReferences(parseExpression("CurrentTime < TARGET.ToRetire"), job).timeDependent).toBe(true);
  });

  it("does not count what countMatches evaluates in each GPU's ad as slot attributes", () => {
    const job = ad({ RequireGPUs: "Capability >= 7.0", RequestGPUs: "1" });
    const refs = collectReferences(parseExpression("countMatches(MY.RequireGPUs, TARGET.AvailableGPUs) >= RequestGPUs"), job);
    expect([...refs.target]).toEqual(["AvailableGPUs"]);
    expect([...refs.my].sort()).toEqual(["RequestGPUs", "RequireGPUs"]);
  });

  it("terminates on circular job attributes", () => {
    const job = ad({ A: "B + 1", B: "A + 1" });
    expect([...collectReferences(parseExpression("A > TARGET.C"), job).target]).toEqual(["C"]);
  });
});
