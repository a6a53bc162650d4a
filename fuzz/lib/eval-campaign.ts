/**
 * The expression campaign: batches of generated expressions evaluated by HTCondor's library (one
 * long-lived eval driver per batch context) and by ours in-process, answer against answer.
 *
 * Batch `b` of a campaign with seed `s` is fully determined by (s, b): its generator is seeded
 * from both, so a campaign split across processes gives the same expressions as one run. Three
 * batches in five evaluate in a match context (generated MY and TARGET ads, read from files by
 * both libraries); the others in an empty ad. Inside a batch, half the expressions are typed,
 * 40% random and 10% mangled.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAds } from "../../src/formats/read.js";
import { ClassAd } from "../../src/classad/classad.js";
import { parseRecord } from "../../src/parser/index.js";
import { AdGenerator, namesByType, writeAds, type AdFormat, type GenAd } from "../gen/ads.js";
import { ExprGenerator, type ContextNames } from "../gen/expr.js";
import { OracleStream, runDriver, type OracleDrivers } from "./oracle.js";
import { OurEvaluator, unparseAnswer } from "./ours.js";
import { Rng } from "./rng.js";

export type ExprKind = "typed" | "random" | "mangled";

/** The two ads of a match context, as the text of their files. */
export interface ContextFiles {
  readonly my: string;
  readonly target: string;
}

export interface Divergence {
  /** `read`: HTCondor and this library disagree on whether a generated context ad reads. */
  readonly mode: "eval" | "unparse" | "read";
  readonly kind: ExprKind;
  readonly expr: string;
  readonly theirs: string;
  readonly ours: string;
  readonly context: ContextFiles | null;
  readonly batch: number;
}

export interface BatchResult {
  readonly batch: number;
  readonly context: boolean;
  readonly counts: Record<ExprKind, number>;
  readonly unparsed: number;
  readonly divergences: Divergence[];
  readonly oracleCrashes: number;
  readonly calls: Record<string, number>;
}

/** A seed for batch `b` of campaign `seed` (two rounds of a 32-bit mixer, 53 bits kept). */
export function batchSeed(seed: number, batch: number): number {
  const mix = (a: number, b: number): number => {
    let x = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
    x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  const high = mix(seed ^ 0x5bd1e995, batch) & 0x1fffff;
  return high * 0x100000000 + mix(seed, batch);
}

export function isContextBatch(batch: number): boolean {
  return batch % 5 >= 2;
}

/**
 * Reads a context file as the eval driver does: text starting with `[` is one new-format ad
 * (`ClassAdParser::ParseClassAd`, the whole text), anything else the first ad of the file as
 * `condor_status -ads:auto` reads it. Null when it does not read.
 */
function driverRead(text: string): { ad: ClassAd | null; problems: string[] } {
  if (text.trimStart().startsWith("[")) {
    try {
      return { ad: ClassAd.fromRecord(parseRecord(text)), problems: [] };
    } catch (error) {
      return { ad: null, problems: [String(error)] };
    }
  }
  const loaded = parseAds(Buffer.from(text, "latin1"), { validation: "eager" });
  const problems = loaded.faults.map((fault) => `${fault.code} line ${fault.line}: ${fault.message}`);
  return { ad: problems.length === 0 ? (loaded.ads[0] ?? null) : null, problems: loaded.ads.length === 0 ? ["no ad", ...problems] : problems };
}

export function readContextAd(text: string): ClassAd {
  const { ad } = driverRead(text);
  if (ad === null) throw new Error("generated context ad does not read back");
  return ad;
}

function contextOf(rng: Rng): { files: ContextFiles; names: ContextNames } {
  const ads = new AdGenerator(rng);
  const first = rng.chance(0.5) ? ads.job(rng.range(1, 999)) : ads.slot(rng.range(1, 99));
  const firstNames = namesByType(first);
  const second = rng.chance(0.5) ? ads.slot(rng.range(1, 99), { my: new Map(), target: firstNames }) : ads.job(rng.range(1, 999), { my: new Map(), target: firstNames });
  // The eval driver reads a context file as one `[...]` ad, or with the ad-file reader (long,
  // XML); a JSON file starts with `[` too and is taken for a new-format ad. JSON is left to the
  // convert campaign.
  const format = (): AdFormat => rng.weighted<AdFormat>([[6, "long"], [2, "new"], [1, "xml"]]);
  return {
    files: { my: writeAds([first], format()), target: writeAds([second], format()) },
    names: { my: firstNames, target: namesByType(second) },
  };
}

/** Whether HTCondor's reader takes both context files (the eval driver refuses to start if not). */
function referenceReads(drivers: OracleDrivers, files: ContextFiles): { ok: boolean; message: string } {
  const dir = mkdtempSync(join(tmpdir(), "classad-fuzz-read-"));
  try {
    writeFileSync(join(dir, "my.ad"), files.my, "latin1");
    writeFileSync(join(dir, "target.ad"), files.target, "latin1");
    const run = runDriver(drivers, drivers.evalBin, ["--ad", join(dir, "my.ad"), "--target", join(dir, "target.ad")]);
    return { ok: run.status === 0, message: run.stderr.trim().replace(/\n/g, " ") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether our reader takes both files (every attribute parsed), as the driver reads them. */
function weRead(files: ContextFiles): { ok: boolean; message: string } {
  const problems = [files.my, files.target].flatMap((text) => driverRead(text).problems);
  return { ok: problems.length === 0, message: problems.join("; ") };
}

/**
 * A context both libraries read. A context only one of them reads is a divergence of the readers
 * (recorded); a context neither reads is drawn again.
 */
function readableContext(drivers: OracleDrivers, rng: Rng, batch: number, readDivergences: Divergence[]): { files: ContextFiles; names: ContextNames } | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    const made = contextOf(rng);
    const theirs = referenceReads(drivers, made.files);
    const ours = weRead(made.files);
    if (theirs.ok && ours.ok) return made;
    if (theirs.ok !== ours.ok) {
      readDivergences.push({
        mode: "read", kind: "typed", expr: "", batch, context: made.files,
        theirs: theirs.ok ? "reads" : `refuses: ${theirs.message}`,
        ours: ours.ok ? "reads" : `refuses: ${ours.message}`,
      });
    }
  }
  return null;
}

/** The expressions of batch `b`, and its context (null: an empty ad). */
export function generateBatch(drivers: OracleDrivers, seed: number, batch: number, size: number): {
  exprs: string[];
  kinds: ExprKind[];
  context: ContextFiles | null;
  calls: Map<string, number>;
  readDivergences: Divergence[];
} {
  const rng = new Rng(batchSeed(seed, batch));
  let context: ContextFiles | null = null;
  let names: ContextNames | null = null;
  const readDivergences: Divergence[] = [];
  if (isContextBatch(batch)) {
    const made = readableContext(drivers, rng, batch, readDivergences);
    context = made?.files ?? null;
    names = made?.names ?? null;
  }
  const gen = new ExprGenerator(rng, names);
  const exprs: string[] = [];
  const kinds: ExprKind[] = [];
  for (let i = 0; i < size; i++) {
    const kind = rng.weighted<ExprKind>([[50, "typed"], [40, "random"], [10, "mangled"]]);
    kinds.push(kind);
    exprs.push(kind === "typed" ? gen.typed() : kind === "random" ? gen.random() : gen.mangled());
  }
  return { exprs, kinds, context, calls: gen.calls, readDivergences };
}

/** A driver stream for a context (the ad files written to a scratch folder), and our evaluator for it. */
export class ContextPair {
  readonly oracle: OracleStream;
  readonly ours: OurEvaluator;
  private readonly dir: string | null;

  constructor(drivers: OracleDrivers, context: ContextFiles | null, unparse = false) {
    if (context === null) {
      this.dir = null;
      this.oracle = new OracleStream(drivers, unparse ? ["--unparse"] : []);
      this.ours = new OurEvaluator();
      return;
    }
    this.dir = mkdtempSync(join(tmpdir(), "classad-fuzz-"));
    const myFile = join(this.dir, "my.ad");
    const targetFile = join(this.dir, "target.ad");
    writeFileSync(myFile, context.my, "latin1");
    writeFileSync(targetFile, context.target, "latin1");
    this.oracle = new OracleStream(drivers, ["--ad", myFile, "--target", targetFile]);
    this.ours = new OurEvaluator(readContextAd(context.my), readContextAd(context.target));
  }

  close(): void {
    this.oracle.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs one batch: every expression evaluated on both sides, and printed back on both sides. */
export async function runBatch(drivers: OracleDrivers, seed: number, batch: number, size: number): Promise<BatchResult> {
  const { exprs, kinds, context, calls, readDivergences } = generateBatch(drivers, seed, batch, size);
  const pair = new ContextPair(drivers, context);
  const printer = context === null ? new OracleStream(drivers, ["--unparse"]) : null;
  try {
    // Both drivers work while this process evaluates: the two cores are busy at once.
    const theirsPending = pair.oracle.ask(exprs);
    const printedPending = printer ? printer.ask(exprs) : Promise.resolve([] as string[]);
    const ours = exprs.map((e) => pair.ours.answer(e));
    const ourPrinted = printer ? exprs.map(unparseAnswer) : [];
    const theirs = await theirsPending;
    const printed = await printedPending;
    const divergences: Divergence[] = [...readDivergences];
    const counts: Record<ExprKind, number> = { typed: 0, random: 0, mangled: 0 };
    exprs.forEach((expr, i) => {
      const kind = kinds[i] as ExprKind;
      counts[kind]++;
      if (theirs[i] !== ours[i]) {
        divergences.push({ mode: "eval", kind, expr, theirs: theirs[i] as string, ours: ours[i] as string, context, batch });
      }
      if (printer && printed[i] !== ourPrinted[i]) {
        divergences.push({ mode: "unparse", kind, expr, theirs: printed[i] as string, ours: ourPrinted[i] as string, context: null, batch });
      }
    });
    return {
      batch,
      context: context !== null,
      counts,
      unparsed: printer ? exprs.length : 0,
      divergences,
      oracleCrashes: pair.oracle.crashes + (printer?.crashes ?? 0),
      calls: Object.fromEntries(calls),
    };
  } finally {
    pair.close();
    printer?.close();
  }
}
