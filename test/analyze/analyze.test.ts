/**
 * The analysis on the real OSPool sample, with answers known from HTCondor's own matchmaking
 * (expected.jsonl) and from the matchmaking core run on one clause at a time.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/model/nodes.js";
import { binary } from "../../src/ast/build.js";
import { ClassAd } from "../../src/classad/classad.js";
import { analyze } from "../../src/analyze/analyze.js";
import { splitAnd } from "../../src/analyze/clauses.js";
import { renderAnalysis } from "../../src/analyze/render.js";
import { matchPool } from "../../src/match/index.js";
import { expectedMatches, jobAd, ospoolSlots, sampleNow } from "./fixtures.js";

/** A copy of the job whose Requirements are `requirements`. */
function withRequirements(job: ClassAd, requirements: Expr): ClassAd {
  const copy = new ClassAd(job.entries());
  copy.set("Requirements", requirements);
  return copy;
}

/** Slots the matchmaking core says the job's Requirements accept (one way: job side only). */
function oneWayCount(job: ClassAd, slots: readonly ClassAd[], now: number): number {
  return matchPool(job, slots, { now, oneWay: true }).matches.length;
}

describe("analyze on the real OSPool sample", () => {
  const vectors = expectedMatches();

  it.each(vectors.map((v) => [v.job, v] as const))("%s: matched slots are HTCondor's", async (_name, vector) => {
    const [job, slots] = await Promise.all([jobAd(vector.job), ospoolSlots()]);
    const report = analyze(job, slots, { now: vector.now, suggest: false });
    expect(report.matchedSlots).toEqual(vector.symmetric);
    expect(report.verdict.matches).toBe(vector.symmetric.length);
    expect(report.totals.slots).toBe(slots.length);
    expect(report.totals.rejectedByJob).toBe(slots.length - vector.oneWay.length);
    expect(report.totals.rejectedBySlot).toBe(vector.oneWay.length - vector.symmetric.length);
  });

  it.each(vectors.map((v) => [v.job, v] as const))(
    "%s: per-clause counts agree with the matchmaking core on each clause alone and on each prefix",
    async (_name, vector) => {
      const [job, slots] = await Promise.all([jobAd(vector.job), ospoolSlots()]);
      const report = analyze(job, slots, { now: vector.now, suggest: false });
      const requirements = job.lookup("Requirements");
      expect(requirements).toBeDefined();
      const clauses = splitAnd(requirements as Expr);
      expect(report.jobClauses).toHaveLength(clauses.length);
      let prefix: Expr | null = null;
      clauses.forEach((clause, i) => {
        prefix = prefix === null ? clause : binary("&&", prefix, clause);
        const row = report.jobClauses[i];
        expect(row?.matchedAlone, `clause ${i + 1} alone`).toBe(oneWayCount(withRequirements(job, clause), slots, vector.now));
        expect(row?.remaining, `clauses 1..${i + 1}`).toBe(oneWayCount(withRequirements(job, prefix), slots, vector.now));
      });
      const last = report.jobClauses.at(-1);
      if (last) expect(last.remaining).toBe(vector.oneWay.length);
    },
  );

  it("the job asking 64 GiB and 16 cores is told the memory and cpu clauses are why", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s11-big-memory.ad"), ospoolSlots()]);
    const report = analyze(job, slots, { now: sampleNow() });
    expect(report.verdict.matches).toBe(0);
    const reasons = report.verdict.reasons.join("\n");
    expect(reasons).toContain("TARGET.Memory >= RequestMemory");
    expect(reasons).toContain("TARGET.Cpus >= RequestCpus");
    const suggestion = report.verdict.suggestion;
    expect(suggestion).not.toBeNull();
    expect(suggestion?.matches).toBeGreaterThan(0);
    // The suggestion lowers requests, and really matches: re-analyze with it.
    const set = (suggestion?.changes ?? []).map((c) => ({ name: c.name, value: c.value }));
    expect(set.map((c) => c.name.toLowerCase())).toEqual(expect.arrayContaining(["requestmemory"]));
    const after = analyze(job, slots, { now: sampleNow(), set });
    expect(after.verdict.matches).toBe(suggestion?.matches);
  });

  it("the job without a ProjectName is told the slots' START rejects it", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s10-no-project.ad"), ospoolSlots()]);
    const report = analyze(job, slots, { now: sampleNow() });
    expect(report.verdict.matches).toBe(0);
    expect(report.totals.rejectedBySlot).toBe(slots.length);
    const reasons = report.verdict.reasons.join("\n");
    expect(reasons).toMatch(/START/i);
    expect(reasons).toContain("ProjectName");
    expect(reasons).toMatch(/does not define ProjectName/);
    const projectClauses = report.slotClauses.filter((c) => c.text.includes("ProjectName") && c.rejects > 0);
    expect(projectClauses.length).toBeGreaterThan(0);
    expect(report.verdict.suggestion?.changes.map((c) => c.name)).toEqual(["ProjectName"]);
    expect(report.verdict.suggestion?.matches).toBeGreaterThan(0);
    // Every slot has such a clause, and each rejects the job wherever it appears.
    for (const clause of projectClauses) expect(clause.rejects).toBe(clause.slots);
    const withStart = new Set(projectClauses.map((c) => c.from.toUpperCase()));
    expect([...withStart]).toEqual(["START"]);
    // And it is the cause: with a ProjectName, the slots' START no longer rejects it on those grounds.
    const fixed = analyze(job, slots, { now: sampleNow(), set: [{ name: "ProjectName", value: '"OSG-Staff"' }] });
    expect(fixed.slotClauses.filter((c) => c.text.includes("ProjectName") && c.rejects > 0)).toEqual([]);
    expect(fixed.verdict.matches).toBeGreaterThan(0);
    for (const clause of projectClauses) {
      expect(clause.from.toUpperCase()).toBe("START");
      expect(clause.missingJobAttributes).toContain("ProjectName");
    }
  });

  it("what-if: --set changes a copy of the job, and the counts follow", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s11-big-memory.ad"), ospoolSlots()]);
    const report = analyze(job, slots, {
      now: sampleNow(),
      set: [
        { name: "RequestMemory", value: "1024" },
        { name: "RequestCpus", value: "1" },
      ],
    });
    expect(report.changes).toEqual([
      { name: "RequestMemory", value: "1024", previous: "65536" },
      { name: "RequestCpus", value: "1", previous: "16" },
    ]);
    expect(report.verdict.matches).toBeGreaterThan(0);
    // Each clause is counted with the changed job: the same as the core on a job changed by hand.
    const changed = new ClassAd(job.entries());
    changed.setText("RequestMemory", "1024");
    changed.setText("RequestCpus", "1");
    splitAnd(job.lookup("Requirements") as Expr).forEach((clause, i) => {
      expect(report.jobClauses[i]?.matchedAlone).toBe(oneWayCount(withRequirements(changed, clause), slots, sampleNow()));
    });
    // The job itself is unchanged.
    const original = analyze(job, slots, { now: sampleNow(), suggest: false });
    expect(original.verdict.matches).toBe(0);
  });

  it("near misses are the slots failing exactly one clause", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s02-ospool-container.ad"), ospoolSlots()]);
    const report = analyze(job, slots, { now: sampleNow() });
    const requirements = job.lookup("Requirements") as Expr;
    const clauses = splitAnd(requirements);
    for (const group of report.nearMisses.filter((g) => g.side === "job")) {
      // Those slots pass every other clause: relaxing only this one lets the job side accept them.
      const others = clauses.filter((_, i) => i !== group.index - 1);
      const rest = others.reduce((acc: Expr | null, c) => (acc === null ? c : binary("&&", acc, c)), null);
      if (rest === null) continue;
      const withoutIt = oneWayCount(withRequirements(job, rest), slots, sampleNow());
      expect(withoutIt - (report.totals.slots - report.totals.rejectedByJob)).toBeGreaterThanOrEqual(group.slots);
      expect(group.examples.length).toBeGreaterThan(0);
    }
    const total = report.nearMisses.reduce((n, g) => n + g.slots, 0);
    expect(total).toBeLessThanOrEqual(report.totals.slots - report.totals.matched);
  });

  it("container jobs get HasSingularity / HAS_SINGULARITY counts that agree with the slot ads", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s02-ospool-container.ad"), ospoolSlots()]);
    const report = analyze(job, slots, { now: sampleNow() });
    const container = report.container;
    expect(container).not.toBeNull();
    const literalTrue = (slot: ClassAd, name: string): boolean => {
      const e = slot.lookup(name);
      return e?.kind === "literal" && e.value.kind === "bool" && e.value.v;
    };
    expect(container?.hasSingularity).toBe(slots.filter((s) => literalTrue(s, "HasSingularity")).length);
    expect(container?.HAS_SINGULARITY).toBe(slots.filter((s) => literalTrue(s, "HAS_SINGULARITY")).length);
    expect(container?.both).toBe(slots.filter((s) => literalTrue(s, "HasSingularity") && literalTrue(s, "HAS_SINGULARITY")).length);
    expect(container?.canUseSif).toBeGreaterThan(0);
    expect(container?.canUseSif).toBeLessThanOrEqual(container?.HAS_SINGULARITY ?? 0);
    expect(container?.reason).toContain("SingularityImage");
    const vanilla = analyze(await jobAd("jobs/s01-vanilla-default.ad"), slots, { now: sampleNow() });
    expect(vanilla.container).toBeNull();
  });

  it("reports slot attributes the job reads that slots do not define", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s08-undefined-safe.ad"), ospoolSlots()]);
    const report = analyze(job, slots, { now: sampleNow() });
    for (const attr of report.referencedAttributes) {
      const defined = slots.filter((s) => {
        const e = s.lookup(attr.name);
        return e !== undefined && !(e.kind === "literal" && e.value.kind === "undefined");
      });
      expect(attr.definedOn).toBe(defined.length);
      expect(attr.mostlyUndefined).toBe(attr.definedOn * 2 < slots.length);
    }
    expect(report.referencedAttributes.map((a) => a.name)).toEqual(
      expect.arrayContaining(["HAS_CVMFS_singularity_opensciencegrid_org", "GLIDEIN_Site", "IsBlackHole"]),
    );
  });

  it("renders aligned tables and the verdict", async () => {
    const [job, slots] = await Promise.all([jobAd("jobs/s11-big-memory.ad"), ospoolSlots()]);
    const text = renderAnalysis(analyze(job, slots, { now: sampleNow() }), { jobLabel: "s11", poolLabel: "pool" });
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l.startsWith("Clause"));
    expect(header).toBeGreaterThan(0);
    const conditionColumn = lines[header]?.indexOf("Condition") ?? -1;
    expect(lines[header + 2]?.indexOf("TARGET.Memory")).toBe(conditionColumn);
    expect(lines[header + 3]?.indexOf("TARGET.Cpus")).toBe(conditionColumn);
    expect(text).toContain("Verdict: matches none of the 143 slots.");
    expect(text).toMatch(/^ +\d+ are rejected by the job's Requirements$/m);
  });

  it("on any sub-pool and any what-if memory, the totals agree with the matchmaking core", async () => {
    const slots = await ospoolSlots();
    const jobs = await Promise.all(vectors.map((v) => jobAd(v.job)));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: jobs.length - 1 }),
        fc.subarray([...slots.keys()], { minLength: 1, maxLength: 40 }),
        fc.constantFrom(undefined, 512, 2048, 8192, 65536),
        async (jobIndex, picked, memory) => {
          const job = jobs[jobIndex] as ClassAd;
          const pool = picked.map((i) => slots[i] as ClassAd);
          const set = memory === undefined ? [] : [{ name: "RequestMemory", value: String(memory) }];
          const report = analyze(job, pool, { now: sampleNow(), set, suggest: false });
          const changed = new ClassAd(job.entries());
          if (memory !== undefined) changed.setText("RequestMemory", String(memory));
          const symmetric = matchPool(changed, pool, { now: sampleNow() }).matches.map((m) => m.index).sort((a, b) => a - b);
          expect(report.matchedSlots).toEqual(symmetric);
          expect(report.totals.slots - report.totals.rejectedByJob).toBe(oneWayCount(changed, pool, sampleNow()));
          expect(report.totals.rejectedByJob + report.totals.rejectedBySlot + report.totals.matched).toBe(pool.length);
          const last = report.jobClauses.at(-1);
          if (last) expect(last.remaining).toBe(report.totals.slots - report.totals.rejectedByJob);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("a job without Requirements matches nothing, and says so", async () => {
    const slots = await ospoolSlots();
    const job = new ClassAd();
    const report = analyze(job, slots.slice(0, 5), { now: sampleNow() });
    expect(report.requirements).toBeNull();
    expect(report.verdict.matches).toBe(0);
    expect(report.verdict.reasons.join(" ")).toMatch(/no Requirements/);
  });
});
