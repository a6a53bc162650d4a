/**
 * Evaluation throughput on the typed conformance corpus (test/data/conformance/eval/typed.jsonl:
 * ~8k generated expressions mixing operators, lists, records and function calls), and on the
 * match-context corpus (context.jsonl with my.ad / target.ad). Expressions are parsed once; the
 * timed loop only evaluates. Each case runs in its own process; best of `--runs` (default 5).
 *
 * Cases ending in `-compiled` evaluate the same expressions through the matchmaker's compiled
 * closures (`src/match/compile/`: a fresh `Run` per evaluation, as the pool's memo makes one per
 * pair) and are printed with their speed relative to the tree-walking case of the same name:
 * - `requirements`: one Requirements-style expression against my.ad / target.ad;
 * - `ospool`: the OSPool container job's Requirements (match/jobs/s02-ospool-container.ad)
 *   against each of the 143 real slots of match/pool-ospool-143.ads.
 * Before timing, each compiled case checks that it never defers to the evaluator and gives the
 * tree walker's value for every pair.
 *
 *   npx tsx benchmarks/eval.bench.ts [--cases typed,context,requirements,requirements-compiled,ospool,ospool-compiled] [--runs 5] [--seconds 2]
 */
import "../scripts/re2js-for-sources.js";
import { spawnSync } from "node:child_process";
import { childArgs } from "./bundled.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toByteString } from "../src/model/bytes.js";
import type { Expr } from "../src/model/nodes.js";
import { ClassAd } from "../src/classad/classad.js";
import { Evaluator, MatchContext } from "../src/classad/index.js";
import type { EvaluationScope } from "../src/model/evaluation.js";
import { unparseValue } from "../src/ast/print.js";
import type { Value } from "../src/model/value.js";
import { parseAds } from "../src/formats/read.js";
import { BAIL, ExprCompiler, KeyInterner, Run, SIDE_JOB, type RunSettings } from "../src/match/compile/index.js";
import { createEnvironment } from "../src/classad/environment.js";
import { parseExpression } from "../src/parser/index.js";

const DATA = join(fileURLToPath(new URL(".", import.meta.url)), "../test/data/conformance/eval");
const MATCH_DATA = join(DATA, "../match");
const NOW = 1_700_000_000;
const TIME_ZONE = "UTC";

interface CaseResult {
  name: string;
  expressions: number;
  evaluations: number;
  seconds: number;
  perSecond: number;
  microsPerEval: number;
}

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function corpus(file: string): Expr[] {
  const out: Expr[] = [];
  for (const line of readFileSync(join(DATA, file), "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const { expr } = JSON.parse(line) as { expr: string };
    try {
      out.push(parseExpression(toByteString(expr)));
    } catch {
      // PARSE_ERROR vectors have nothing to evaluate
    }
  }
  return out;
}

/** The first ad of a file: the conformance context ads are new-format `[...]`, the jobs `-long`. */
function ad(file: string, dir = DATA, format: "new" | "long" = "new"): ClassAd {
  const found = parseAds(readFileSync(join(dir, file), "latin1"), { format }).ads[0];
  if (!found) throw new Error(`no ad in ${file}`);
  return found;
}

/** One evaluation of one expression for one (MY, TARGET) pair. */
interface Pair {
  readonly expr: Expr;
  readonly my: ClassAd;
  readonly target: ClassAd;
}

/** The job's Requirements against every slot of the real 143-slot OSPool sample. */
function ospoolPairs(): Pair[] {
  const job = ad("jobs/s02-ospool-container.ad", MATCH_DATA, "long");
  const expr = job.lookup("Requirements");
  if (expr === undefined) throw new Error("the OSPool job has no Requirements");
  const slots = parseAds(readFileSync(join(MATCH_DATA, "pool-ospool-143.ads"), "latin1")).ads;
  return slots.map((slot) => ({ expr, my: job, target: slot }));
}

function requirementsPairs(): Pair[] {
  const expr = parseExpression("Requirements && TARGET.t > 0 && x > 1 && MY.s == \"Hello, World\"");
  return [{ expr, my: ad("my.ad"), target: ad("target.ad") }];
}

/** Tree walker: one evaluator and one match context, re-targeted per pair. */
function treeWalker(pairs: Pair[]): () => Value[] {
  const evaluator = new Evaluator({ now: NOW, timeZone: TIME_ZONE });
  const first = pairs[0];
  if (!first) throw new Error("no pairs");
  const context = new MatchContext(first.my, first.target);
  return () => pairs.map((pair) => evaluator.evaluate(pair.expr, { match: context.setLeft(pair.my).setRight(pair.target) }));
}

/** Compiled closures: a fresh run (trace, cycle guard, budgets) per pair, as the matchmaker does. */
function compiledForm(pairs: Pair[]): () => Value[] {
  const settings: RunSettings = {
    now: NOW,
    timeZone: TIME_ZONE,
    environment: createEnvironment({ now: NOW, timeZone: TIME_ZONE }),
    keys: new KeyInterner(),
    code: new ExprCompiler(),
  };
  return () =>
    pairs.map((pair) => new Run(pair.my, pair.target, settings).evaluateRoot(pair.expr, pair.my, pair.target, SIDE_JOB));
}

/** Fails unless the compiled form answers every pair itself, with the tree walker's value. */
function checkCompiled(pairs: Pair[]): void {
  let expected: Value[];
  let got: Value[];
  try {
    expected = treeWalker(pairs)();
    got = compiledForm(pairs)();
  } catch (err) {
    if (err === BAIL) throw new Error("the compiled form deferred to the evaluator: nothing compiled to measure");
    throw err;
  }
  got.forEach((value, at) => {
    const want = expected[at]!;
    if (unparseValue(value) !== unparseValue(want)) throw new Error(`pair ${at}: compiled ${unparseValue(value)}, tree walker ${unparseValue(want)}`);
  });
}

/** Evaluate every pair, repeatedly, for about `seconds`. */
function timePairs(name: string, pairs: Pair[], evaluateAll: () => Value[], seconds: number): CaseResult {
  evaluateAll(); // warm-up (JIT, lazy attribute parsing), not timed
  let evaluations = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    evaluateAll();
    evaluations += pairs.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return {
    name,
    expressions: pairs.length,
    evaluations,
    seconds: elapsed,
    perSecond: evaluations / elapsed,
    microsPerEval: (elapsed * 1e6) / evaluations,
  };
}

/** Evaluate every expression of the corpus, repeatedly, for about `seconds`. */
function timeLoop(name: string, exprs: Expr[], scope: () => EvaluationScope, seconds: number): CaseResult {
  const evaluator = new Evaluator({ now: 1_700_000_000, timeZone: "UTC" });
  // Warm-up pass (JIT), not timed.
  for (const expr of exprs) evaluator.evaluate(expr, scope());
  let evaluations = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const expr of exprs) evaluator.evaluate(expr, scope());
    evaluations += exprs.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return {
    name,
    expressions: exprs.length,
    evaluations,
    seconds: elapsed,
    perSecond: evaluations / elapsed,
    microsPerEval: (elapsed * 1e6) / evaluations,
  };
}

function runCase(name: string, seconds: number): CaseResult {
  switch (name) {
    case "typed": {
      const empty = new ClassAd();
      return timeLoop(name, corpus("typed.jsonl"), () => ({ my: empty }), seconds);
    }
    case "context": {
      const context = new MatchContext(ad("my.ad"), ad("target.ad"));
      return timeLoop(name, corpus("context.jsonl"), () => ({ match: context }), seconds);
    }
    case "requirements": {
      // The matchmaker's inner loop: one Requirements expression against one reused context.
      const job = ad("my.ad");
      const context = new MatchContext(job, ad("target.ad"));
      const requirements = parseExpression("Requirements && TARGET.t > 0 && x > 1 && MY.s == \"Hello, World\"");
      return timeLoop(name, [requirements], () => ({ match: context }), seconds);
    }
    case "requirements-compiled":
    case "ospool-compiled": {
      const pairs = name === "ospool-compiled" ? ospoolPairs() : requirementsPairs();
      checkCompiled(pairs);
      return timePairs(name, pairs, compiledForm(pairs), seconds);
    }
    case "ospool": {
      const pairs = ospoolPairs();
      return timePairs(name, pairs, treeWalker(pairs), seconds);
    }
    default:
      throw new Error(`unknown case ${name}`);
  }
}

/** A compiled case's speed relative to its tree-walking baseline (the case without `-compiled`). */
function speedUp(row: CaseResult, rows: CaseResult[]): string {
  if (!row.name.endsWith("-compiled")) return "";
  const baseline = rows.find((other) => other.name === row.name.slice(0, -"-compiled".length));
  return baseline ? `${(row.perSecond / baseline.perSecond).toFixed(2)}×` : "(no baseline run)";
}

function main(): void {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, "--seconds") ?? "2");
  const child = argValue(argv, "--child");
  if (child !== undefined) {
    process.stdout.write(JSON.stringify(runCase(child, seconds)) + "\n");
    return;
  }
  const cases = (argValue(argv, "--cases") ?? "typed,context,requirements,requirements-compiled,ospool,ospool-compiled").split(",");
  const runs = Number(argValue(argv, "--runs") ?? "5");
  const script = fileURLToPath(import.meta.url);
  const rows: CaseResult[] = [];
  for (const name of cases) {
    let best: CaseResult | null = null;
    for (let run = 0; run < runs; run++) {
      const out = spawnSync(process.execPath, childArgs(script, ["--child", name, "--seconds", String(seconds)]), {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      if (out.status !== 0) throw new Error(`case ${name} failed: ${out.stderr}`);
      const result = JSON.parse(out.stdout.trim().split("\n").pop()!) as CaseResult;
      if (!best || result.perSecond > best.perSecond) best = result;
    }
    rows.push(best!);
  }
  const lines = [
    "| case | expressions | evaluations/s | µs per evaluation | vs tree walk |",
    "|---|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.expressions} | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${r.microsPerEval.toFixed(2)} | ${speedUp(r, rows)} |`,
    ),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

main();
