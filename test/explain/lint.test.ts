/**
 * Lint hints: each kind on the trap it is about, with the clause named and HTCondor's grouping
 * printed, and none on the ordinary expressions the shared jobs use.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClassAd } from "../../src/classad/classad.js";
import { parseAds } from "../../src/formats/read.js";
import { parseExpression } from "../../src/parser/index.js";
import { toByteString } from "../../src/model/bytes.js";
import { lintAd, lintExpression } from "../../src/explain/lint.js";
import { formatHint, type LintHint } from "../../src/explain/hints.js";
import { groupedText } from "../../src/explain/grouped.js";
import { MATCH_DATA, ospoolSlots } from "../match/fixtures.js";

const codes = (hints: readonly LintHint[]): string[] => hints.map((h) => h.code);

describe("groupedText: the expression with HTCondor's grouping in parentheses", () => {
  it.each([
    ["a - b > c is undefined ? x : y", "(((a - b) > c) is undefined) ? x : y"],
    ["a && b || c && d", "(a && b) || (c && d)"],
    ["1 + 2 + 3 + 4", "((1 + 2) + 3) + 4"],
    ["a ?: b * 2", "(a ?: b) * 2"],
    ["a * b ?: c", "a * (b ?: c)"],
    ["!a == b", "(!a) == b"],
    ["-x + 1", "(-x) + 1"],
    ["f(a + b, c)[0]", "f(a + b, c)[0]"],
    ["(a || b) && c", "(a || b) && c"],
    ["a =?= b", "a is b"],
  ])("%s", (text, grouped) => {
    expect(groupedText(parseExpression(toByteString(text)))).toBe(grouped);
  });

  it("prints a chain far deeper than the stack", () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `a${i}`).join(" + ");
    expect(groupedText(parseExpression(toByteString(text), { maxLength: 1 << 22 })).startsWith("((((")).toBe(true);
  });
});

describe("precedence hints", () => {
  it("htcondor-ce#439: `is undefined` in a ternary condition tests the whole comparison", () => {
    const hints = lintExpression("EnteredCurrentStatus - JobCurrentStartDate > maxWalltime is undefined ? 4320*60 : maxWalltime*60", { attribute: "SYSTEM_PERIODIC_REMOVE" });
    expect(codes(hints)).toEqual(["ternary-condition"]);
    const [hint] = hints as [LintHint];
    expect(hint.severity).toBe("warning");
    expect(hint.attribute).toBe("SYSTEM_PERIODIC_REMOVE");
    expect(hint.grouped).toBe("(((EnteredCurrentStatus - JobCurrentStartDate) > maxWalltime) is undefined) ? (4320 * 60) : (maxWalltime * 60)");
    expect(hint.message).toContain("not just `maxWalltime`");
    expect(hint.message).toContain("(maxWalltime is undefined ? ... : ...)");
    expect(formatHint(hint)).toMatch(/^warning ternary-condition \(SYSTEM_PERIODIC_REMOVE\): /);
  });

  it("`x > y =?= undefined` outside a ternary: is-operand", () => {
    const hints = lintExpression("Memory > Wanted =?= undefined");
    expect(codes(hints)).toEqual(["is-operand"]);
    expect(hints[0]?.grouped).toBe("(Memory > Wanted) is undefined");
  });

  it("spacing that suggests another grouping (is, ? :, arithmetic), naming the clause", () => {
    const isHints = lintExpression("TARGET.Memory > 0 && a&&b is c");
    expect(codes(isHints)).toEqual(["spacing"]);
    expect(isHints[0]?.clauseIndex).toBe(3);
    expect(isHints[0]?.grouped).toBe("((TARGET.Memory > 0) && a) && (b is c)");
    const ternary = lintExpression("x || y?1:2");
    expect(codes(ternary)).toEqual(["spacing"]);
    expect(ternary[0]?.grouped).toBe("(x || y) ? 1 : 2");
    expect(codes(lintExpression("a * b+c"))).toEqual(["spacing"]);
    // Spacing that agrees with the grammar, or no spacing information: nothing.
    expect(lintExpression("a*b + c")).toEqual([]);
    expect(lintExpression("x || (y ? 1 : 2)")).toEqual([]);
    expect(lintExpression(parseExpression(toByteString("a&&b is c")))).toEqual([]);
  });

  it("spacing hints for an ad read from -long text (the attribute's text as written)", () => {
    const ad = parseAds(toByteString('MyType = "Job"\nRequirements = TARGET.Memory >= 1024 && a&&b =?= c\nRank = x || y?1:2\n')).ads[0] as ClassAd;
    const hints = lintAd(ad);
    expect(hints.map((h) => [h.code, h.attribute, h.clauseIndex])).toEqual([
      ["spacing", "Requirements", 3],
      ["spacing", "Rank", null],
    ]);
    expect(hints[0]?.start).toBeGreaterThanOrEqual(0);
  });

  it("`?:` inside arithmetic", () => {
    const hints = lintExpression("RequestMemory ?: 2048 * 2");
    expect(codes(hints)).toEqual(["elvis-operand"]);
    expect(hints[0]?.grouped).toBe("(RequestMemory ?: 2048) * 2");
    expect(lintExpression("(RequestMemory ?: 2048) * 2")).toEqual([]);
    expect(lintExpression("RequestMemory ?: (2048 * 2)")).toEqual([]);
  });
});

describe("comparison hints", () => {
  it("`== undefined` is always UNDEFINED", () => {
    const hints = lintExpression("TARGET.GPUs == undefined || TARGET.GPUs > 0");
    expect(codes(hints)).toEqual(["compare-undefined"]);
    expect(hints[0]?.message).toContain("write `TARGET.GPUs is undefined`");
    expect(codes(lintExpression("x != UNDEFINED"))).toEqual(["compare-undefined"]);
    expect(lintExpression("x != UNDEFINED")[0]?.message).toContain("x isnt undefined");
  });

  it("`!=` on an attribute the other ad may lack: UNDEFINED, not true", () => {
    const bare = lintExpression('TARGET.GLIDEIN_Site != "SU-ITS"');
    expect(codes(bare)).toEqual(["undefined-prone"]);
    expect(bare[0]?.severity).toBe("info");
    expect(bare[0]?.message).toContain('TARGET.GLIDEIN_Site isnt "SU-ITS"');
    // `==` without the slots: nothing to say (UNDEFINED fails a match as false would).
    expect(lintExpression('TARGET.GLIDEIN_Site == "SU-ITS"')).toEqual([]);
  });

  it("with the slots: counts the slots that lack the attribute", () => {
    const slots = ospoolSlots();
    const lacking = slots.filter((s) => s.lookup("OSG_OS_VERSION") === undefined).length;
    const missing = slots.filter((s) => s.lookup("GPUs_Capability") === undefined).length;
    expect(missing).toBeGreaterThan(0);
    const hints = lintExpression("TARGET.GPUs_Capability >= 7.0", { targets: slots });
    expect(codes(hints)).toEqual(["undefined-prone"]);
    expect(hints[0]?.message).toContain(`is undefined on ${missing} of ${slots.length} ads`);
    const negated = lintExpression('!(TARGET.GPUs_Capability >= 7.0) && OSG_OS_VERSION == "9"', { targets: slots, my: new ClassAd() });
    expect(negated.find((h) => h.code === "undefined-prone")?.severity).toBe("warning");
    if (lacking === 0) expect(negated.filter((h) => h.expression.includes("OSG_OS_VERSION"))).toEqual([]);
  });

  it("`is` across types, on the values the ads hold", () => {
    const slots = [ClassAd.fromJS({ Memory: 4096 }), ClassAd.fromJS({ Memory: 2048 })];
    const hints = lintExpression("TARGET.Memory is 4096.0", { targets: slots });
    expect(codes(hints)).toEqual(["identity-type"]);
    expect(hints[0]?.message).toContain("int on 2");
    expect(lintExpression("TARGET.Memory is 4096", { targets: slots })).toEqual([]);
  });

  it("`==` ignores case where case looks significant", () => {
    expect(codes(lintExpression('SingularityImage == "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9"'))).toEqual(["case-insensitive"]);
    expect(codes(lintExpression('TARGET.ContainerImage != "Rocky"')).sort()).toEqual(["case-insensitive", "undefined-prone"]);
    expect(lintExpression('TARGET.OpSys == "LINUX"')).toEqual([]);
    expect(lintExpression('substr(TARGET.SingularityImage, 0, 9) == "docker://"')).toEqual([]);
  });
});

describe("policies that can only be UNDEFINED or ERROR", () => {
  it("an unknown function, a missing MY attribute through MY., a comparison with error", () => {
    expect(codes(lintExpression("Foo(1) && TARGET.Memory > 0"))).toEqual(["always-undefined"]);
    expect(lintExpression("Foo(1) && TARGET.Memory > 0")[0]?.clauseIndex).toBeNull();
    const job = ClassAd.fromJS({ RequestMemory: 1 });
    const hints = lintExpression("TARGET.Memory > RequestMemory && MY.RequestDisk > 0", { my: job });
    expect(codes(hints)).toEqual(["always-undefined"]);
    expect(hints[0]?.clauseIndex).toBe(2);
    expect(hints[0]?.message).toContain("never true");
    expect(codes(lintExpression("x + error"))).toEqual(["always-undefined"]);
  });

  it("not for what can be defined", () => {
    expect(lintExpression("TARGET.Memory > 0 && (TARGET.X ?: true)")).toEqual([]);
    expect(lintExpression("isUndefined(x) || x == 1")).toEqual([]);
    expect(lintExpression("ifThenElse(x, undefined, 1)")).toEqual([]);
  });
});

describe("the shared jobs and the OSPool slots", () => {
  it("no hint on the shared jobs' ordinary policies", () => {
    const slots = ospoolSlots();
    for (const file of readdirSync(join(MATCH_DATA, "jobs"))) {
      const job = parseAds(readFileSync(join(MATCH_DATA, "jobs", file), "latin1")).ads[0] as ClassAd;
      expect(lintAd(job, { targets: slots }), file).toEqual([]);
    }
  });

  it("the OSPool START clause `TARGET.ProjectName != \"\"` is flagged: a job without ProjectName gets UNDEFINED there", () => {
    const slot = parseAds(readFileSync(join(MATCH_DATA, "pool-ospool-143.ads"), "latin1")).ads.find((s) => /ProjectName != ""/.test(s.rawText("START") ?? ""));
    expect(slot).toBeDefined();
    const hints = lintAd(slot as ClassAd);
    expect(hints.map((h) => [h.code, h.attribute])).toContainEqual(["undefined-prone", "START"]);
  });
});
