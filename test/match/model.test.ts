/**
 * Model-based tests: the fast path (compiled code, memo shared through a Pool that is changed
 * between matches) against the plain path (the evaluator on every slot), on random pools and jobs.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { attrRef, binary, call, list, literal } from "../../src/ast/build.js";
import type { BinaryOp, Expr, UnaryOp } from "../../src/model/nodes.js";
import { ClassAd } from "../../src/classad/classad.js";
import { ERROR, UNDEFINED, boolValue, intValue, realValue, stringValue, type Value } from "../../src/model/value.js";
import { Pool, matchPool, type MatchOptions } from "../../src/match/pool.js";

const NAMES = ["Memory", "Cpus", "Arch", "HasThing", "Site", "RequestMemory", "Weight", "Start", "Flag"];
const SCOPES = [null, "MY", "TARGET"] as const;
const FUNCTIONS = [
  ["ifThenElse", 3],
  ["isUndefined", 1],
  ["isError", 1],
  ["strcmp", 2],
  ["toUpper", 1],
  ["size", 1],
  ["stringListMember", 2],
  ["int", 1],
  ["real", 1],
  ["time", 0],
  ["substr", 2],
  ["member", 2],
] as const;
const BINARY_OPS: BinaryOp[] = ["&&", "||", "==", "!=", "<", "<=", ">", ">=", "is", "isnt", "+", "-", "*", "/", "%", "&", "<<"];
const UNARY_OPS: UnaryOp[] = ["!", "-", "+", "~"];

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 4096 }).map((v) => intValue(v)),
  fc.constantFrom(intValue(9223372036854775807n), intValue(0)),
  fc.constantFrom(realValue(0.5), realValue(2048), realValue(-0), realValue(Number.NaN)),
  fc.boolean().map(boolValue),
  fc.constantFrom(stringValue("X86_64"), stringValue("x86_64"), stringValue("a,b"), stringValue("")),
  fc.constantFrom(UNDEFINED, ERROR),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    valueArb.map((v) => literal(v)),
    fc.tuple(fc.constantFrom(...SCOPES), fc.constantFrom(...NAMES, "CurrentTime", "target")).map(([scope, name]) =>
      attrRef(name, scope === null ? null : attrRef(scope)),
    ),
    fc.tuple(fc.constantFrom(...BINARY_OPS), tie("expr"), tie("expr")).map(([op, l, r]) => binary(op, l, r)),
    fc.tuple(fc.constantFrom(...UNARY_OPS), tie("expr")).map(([op, operand]): Expr => ({
      kind: "unary",
      op,
      operand,
      start: -1,
      end: -1,
    })),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([cond, then, otherwise]): Expr => ({
      kind: "ternary",
      cond,
      then,
      otherwise,
      start: -1,
      end: -1,
    })),
    fc.tuple(tie("expr"), tie("expr")).map(([left, right]): Expr => ({ kind: "elvis", left, right, start: -1, end: -1 })),
    tie("expr").map((inner): Expr => ({ kind: "paren", inner, start: -1, end: -1 })),
    fc
      .constantFrom(...FUNCTIONS)
      .chain(([name, arity]) => fc.array(tie("expr"), { minLength: arity, maxLength: arity }).map((args) => call(name, args))),
    fc.tuple(fc.array(tie("expr"), { maxLength: 3 }), tie("expr")).map(([items, index]): Expr => ({
      kind: "subscript",
      target: list(items),
      index,
      start: -1,
      end: -1,
    })),
  ),
})).expr;

/** An ad: a few attributes from the shared vocabulary, Requirements and sometimes Rank. */
const adArb: fc.Arbitrary<ClassAd> = fc
  .record({
    // "Target" and "My" as attribute names change what TARGET.x and MY.x mean (rare in real ads).
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES, "Target", "My"), fc.oneof(valueArb.map((v) => literal(v)), exprArb)), {
      selector: ([name]) => name,
      maxLength: 6,
    }),
    requirements: fc.option(exprArb, { freq: 6 }),
    rank: fc.option(exprArb, { freq: 2 }),
  })
  .map(({ attrs, requirements, rank }) => {
    const ad = new ClassAd(attrs);
    if (requirements !== null) ad.set("Requirements", requirements);
    if (rank !== null) ad.set("Rank", rank);
    return ad;
  });

/** Pools repeat slots (real pools do), so the grouping is exercised. */
const poolArb = fc.array(adArb, { minLength: 1, maxLength: 6 }).chain((distinct) =>
  fc.array(fc.constantFrom(...distinct), { minLength: 0, maxLength: 16 }),
);

const optionsArb: fc.Arbitrary<MatchOptions> = fc.record({
  now: fc.constantFrom(1_000, 1_783_286_200),
  oneWay: fc.boolean(),
});

const totals = { pairs: 0, matched: 0, compiled: 0, plain: 0 };

function agree(job: ClassAd, pool: Pool, slots: readonly ClassAd[], options: MatchOptions): void {
  const fast = matchPool(job, pool, options);
  const plain = matchPool(job, slots, { ...options, strategy: "plain" });
  expect(fast.matches).toEqual(plain.matches);
  totals.pairs += slots.length;
  totals.matched += fast.matches.length;
  totals.compiled += fast.stats.compiledEvaluations;
  totals.plain += fast.stats.plainEvaluations;
}

/** Whether to prepare the pool, and the class limit (0: no attribute groups slots; 3: most do). */
const prepareArb = fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2 });

type Model = { slots: ClassAd[] };
type Real = { pool: Pool };

/** A copy of an ad (the same expressions). */
function copyAd(ad: ClassAd): ClassAd {
  return new ClassAd(ad.entries());
}

class MatchCommand implements fc.Command<Model, Real> {
  constructor(
    readonly job: ClassAd,
    readonly options: MatchOptions,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    agree(this.job, real.pool, model.slots, this.options);
  }
  toString(): string {
    return `match(${JSON.stringify(this.options)})`;
  }
}

class AddCommand implements fc.Command<Model, Real> {
  constructor(readonly slot: ClassAd) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const slot = copyAd(this.slot);
    model.slots.push(slot);
    expect(real.pool.add(slot)).toBe(model.slots.length - 1);
  }
  toString(): string {
    return "add";
  }
}

class RemoveCommand implements fc.Command<Model, Real> {
  constructor(readonly at: number) {}
  check(model: Readonly<Model>): boolean {
    return model.slots.length > 0;
  }
  run(model: Model, real: Real): void {
    const index = this.at % model.slots.length;
    model.slots.splice(index, 1);
    real.pool.remove(index);
  }
  toString(): string {
    return `remove(${this.at})`;
  }
}

class ReplaceCommand implements fc.Command<Model, Real> {
  constructor(
    readonly at: number,
    readonly slot: ClassAd,
  ) {}
  check(model: Readonly<Model>): boolean {
    return model.slots.length > 0;
  }
  run(model: Model, real: Real): void {
    const index = this.at % model.slots.length;
    const slot = copyAd(this.slot);
    model.slots[index] = slot;
    real.pool.replace(index, slot);
  }
  toString(): string {
    return `replace(${this.at})`;
  }
}

class PrepareCommand implements fc.Command<Model, Real> {
  constructor(readonly maxDistinct: number) {}
  check(): boolean {
    return true;
  }
  run(_model: Model, real: Real): void {
    real.pool.prepare(NAMES, { maxDistinct: this.maxDistinct });
  }
  toString(): string {
    return `prepare(${this.maxDistinct})`;
  }
}

/**
 * Changes a slot ad in place (`ad.set`) and tells the pool (`changed()`). The model holds the
 * same ad objects, so it sees the change too (at every position the object sits).
 */
class MutateCommand implements fc.Command<Model, Real> {
  constructor(
    readonly at: number,
    readonly name: string,
    readonly expr: Expr,
  ) {}
  check(model: Readonly<Model>): boolean {
    return model.slots.length > 0;
  }
  run(model: Model, real: Real): void {
    const index = this.at % model.slots.length;
    const slot = model.slots[index] as ClassAd;
    expect(real.pool.slot(index)).toBe(slot);
    slot.set(this.name, this.expr);
    real.pool.changed();
  }
  toString(): string {
    return `mutate(${this.at}, ${this.name})`;
  }
}

describe("fast path = plain path (model-based)", () => {
  afterAll(() => {
    // The generators must produce matches and mostly compiled answers, or the comparison proves
    // little (each pair asks four questions; plain evaluations count pairs x questions).
    expect(totals.matched).toBeGreaterThan(totals.pairs / 50);
    expect(totals.compiled).toBeGreaterThan(0);
    expect(totals.plain).toBeLessThan(totals.pairs * 4 * 0.5);
    if (process.env.MATCH_MODEL_STATS) console.log(totals);
  });

  it("on random jobs and pools", () => {
    fc.assert(
      fc.property(adArb, poolArb, optionsArb, prepareArb, (job, slots, options, prepare) => {
        const pool = new Pool(slots);
        if (prepare !== null) pool.prepare(NAMES, { maxDistinct: prepare });
        agree(job, pool, slots, options);
      }),
    );
  });

  it("with one pool reused by many jobs while slots are added, removed and changed", () => {
    const commands = [
      fc.tuple(adArb, optionsArb).map(([job, options]) => new MatchCommand(job, options)),
      adArb.map((slot) => new AddCommand(slot)),
      fc.nat().map((at) => new RemoveCommand(at)),
      fc.integer({ min: 0, max: 3 }).map((limit) => new PrepareCommand(limit)),
      fc.tuple(fc.nat(), adArb).map(([at, slot]) => new ReplaceCommand(at, slot)),
      fc
        .tuple(fc.nat(), fc.constantFrom(...NAMES, "Requirements"), exprArb)
        .map(([at, name, expr]) => new MutateCommand(at, name, expr)),
    ];
    fc.assert(
      fc.property(poolArb, fc.commands(commands, { maxCommands: 25 }), (slots, cmds) => {
        // Fresh copies: commands change ads in place, and fast-check replays them while shrinking.
        // An ad at several positions stays one object, so an in-place change shows at each.
        const copyOf = new Map<ClassAd, ClassAd>();
        const copies = slots.map((ad) => copyOf.get(ad) ?? copyOf.set(ad, copyAd(ad)).get(ad) as ClassAd);
        fc.modelRun(() => ({ model: { slots: [...copies] }, real: { pool: new Pool(copies) } }), cmds);
      }),
      { numRuns: 100 },
    );
  });

  it("with small bounds on what the pool learns (keys, memo nodes, columns)", () => {
    const boundsArb = fc.record({
      keyCapacity: fc.integer({ min: 1, max: 40 }),
      memoNodes: fc.integer({ min: 1, max: 30 }),
      maxColumns: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(adArb, { minLength: 1, maxLength: 6 }), poolArb, optionsArb, boundsArb, (jobs, slots, options, bounds) => {
        const pool = new Pool(slots, bounds);
        for (const job of [...jobs, ...jobs]) {
          agree(job, pool, slots, options);
          expect(pool.learnt().keys).toBeLessThanOrEqual(bounds.keyCapacity);
          expect(pool.learnt().columns).toBeLessThanOrEqual(bounds.maxColumns);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("a pool keeps its memo across jobs that share requirement shapes", () => {
    fc.assert(
      fc.property(fc.array(adArb, { minLength: 1, maxLength: 4 }), poolArb, optionsArb, (jobs, slots, options) => {
        const pool = new Pool(slots).prepare(NAMES, { maxDistinct: 2 });
        for (const job of [...jobs, ...jobs]) agree(job, pool, slots, options);
      }),
      { numRuns: 100 },
    );
  });
});
