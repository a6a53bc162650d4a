/**
 * "Would my job match?": the job's Requirements clause by clause over a set of slots, the slots'
 * own Requirements clause by clause with the job as TARGET, the attributes that are silently
 * undefined, container readiness, near misses, and a verdict with the smallest change found.
 *
 * Every count is an evaluation in HTCondor's match context (MY = job, TARGET = slot, and the
 * reverse for the slot side), at one fixed `now`, so the figures agree with the matchmaker's.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef } from "../ast/build.js";
import { fromByteString } from "../model/bytes.js";
import { ClassAd } from "../classad/classad.js";
import { defaultEnvironment } from "../classad/environment.js";
import type { Environment } from "../model/evaluation.js";
import { clauseText, collectReferences, definesValue, slotClauses, splitAnd, targetNamesRequired } from "./clauses.js";
import { isMatchTrue, matchEvaluator, type MatchSettings } from "./match-eval.js";
import { applyChanges, type JobChange } from "./what-if.js";
import { matchPool, matchSides, Pool } from "../match/pool.js";
import { JobReads } from "../match/reads.js";
import { attributeReads, type AttributeReads } from "../ast/reads.js";
import { decideVerdict, type SlotClauseTally, type SlotOutcome } from "./verdict.js";
import type {
  AnalysisReport,
  ContainerReport,
  JobClauseReport,
  NearMissGroup,
  ReferencedAttribute,
  SlotClauseReport,
} from "./types.js";

export interface AnalyzeOptions {
  /** Functions, regex engine and limits, clock and zone (default: the library's default environment). */
  readonly environment?: Environment;
  /** Seconds since the epoch for `time()` and `CurrentTime` (default: the environment's clock, read once). */
  readonly now?: number;
  /** IANA time zone for local-time functions (default: the environment's, i.e. the host's by default). */
  readonly timeZone?: string;
  /** What-if: attributes of the job to change before the analysis. */
  readonly set?: readonly JobChange[];
  /** Search for the smallest change that makes a non-matching job match (default true). */
  readonly suggest?: boolean;
  /** Called as slots are evaluated (for progress displays). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * A class id per slot (parallel to `slots`): slots with equal ids are evaluated once, by the
   * first of them. Equal ids must mean the slots hold the same values for everything the job's
   * Requirements and the slots' Requirements read, and for the container probes (`HasSingularity`,
   * `HAS_SINGULARITY`, `SINGULARITY_CAN_USE_SIF`, `SINGULARITY_CAN_USE_REGISTRY`,
   * `HasContainer`): the classes of a pool loaded for the job (`slotClasses()` of the projecting
   * reader's table) qualify.
   */
  readonly slotClasses?: Int32Array;
  /**
   * A {@link Pool} over the same slots in the same order: the job's side is then asked of the
   * matcher (one compiled one-way match per clause), and the what-if variants' matches are
   * counted on it (its memo is reused).
   */
  readonly pool?: Pool;
}

/** Slot attributes the container report evaluates (see {@link AnalyzeOptions.slotClasses}). */
export const CONTAINER_PROBES = ["HasSingularity", "HAS_SINGULARITY", "SINGULARITY_CAN_USE_SIF", "SINGULARITY_CAN_USE_REGISTRY", "HasContainer"] as const;

const PROGRESS_EVERY = 256;
const EXAMPLE_LIMIT = 3;

/**
 * Analyze how `job` matches `slots`. The job is not modified (what-if changes apply to a copy).
 * Throws only for a malformed what-if expression (the parser's typed error).
 */
export function analyze(job: ClassAd, slots: readonly ClassAd[], options: AnalyzeOptions = {}): AnalysisReport {
  const environment = options.environment ?? defaultEnvironment;
  // One zone for the whole analysis, the counts of the what-if search included.
  const settings = {
    now: options.now ?? environment.now(),
    timeZone: options.timeZone ?? environment.timeZone,
    environment,
  };
  const { job: subject, applied } = applyChanges(job, options.set ?? []);
  const requirements = subject.lookup("Requirements");
  const clauses = requirements === undefined ? [] : splitAnd(requirements);
  const total = slots.length;

  const alone = new Array<number>(clauses.length).fill(0);
  const remaining = new Array<number>(clauses.length).fill(0);
  const outcomes: SlotOutcome[] = [];
  const tallies = new Map<string, SlotClauseTally>();
  const talliesByTree: TalliesByTree = new WeakMap();
  const matchedSlots: number[] = [];

  const classes = options.slotClasses;
  if (classes !== undefined && classes.length !== total) throw new RangeError("analyze: slotClasses must have one entry per slot");
  // One evaluation per class and clause: a slot of a class already seen takes its outcome.
  const byClass = new Map<number, { outcome: SlotOutcome; slotClauses: readonly string[] }>();
  // With a pool over the same slots, the job's side is asked of the matcher: one compiled
  // one-way match per clause instead of one evaluation per slot and clause.
  // Slots of a pool read by the projecting loader share their parsed values: a slot clause is then
  // evaluated once per distinct set of values it reads.
  const clauseMemo = classes === undefined ? null : new ClauseMemo(subject);
  const sides = options.pool !== undefined && options.pool.size === total ? sidesByMatcher(subject, clauses, options.pool, settings) : null;
  for (let s = 0; s < total; s++) {
    const slot = slots[s] as ClassAd;
    const known = classes === undefined ? undefined : byClass.get(classes[s] as number);
    let failedJob: readonly number[];
    let jobAccepts: boolean;
    if (sides !== null) {
      const failing: number[] = [];
      for (let c = 0; c < clauses.length; c++) if ((sides.clauses[c] as Uint8Array)[s] !== 1) failing.push(c);
      failedJob = failing;
      jobAccepts = sides.job[s] === 1;
    } else if (known !== undefined) {
      ({ failedJob, jobAccepts } = known.outcome);
    } else {
      const failing: number[] = [];
      for (let c = 0; c < clauses.length; c++) {
        if (!isMatchTrue(matchEvaluator(settings).evaluateInMatch(clauses[c] as Expr, subject, slot))) failing.push(c);
      }
      failedJob = failing;
      jobAccepts = requirements !== undefined && isMatchTrue(matchEvaluator(settings).evaluateInMatch(requirements, subject, slot));
    }
    let outcome: SlotOutcome;
    if (known !== undefined) {
      outcome = { jobAccepts, slotAccepts: known.outcome.slotAccepts, failedJob, failedSlot: known.outcome.failedSlot };
      for (const key of known.slotClauses) (tallies.get(key) as SlotClauseTally).slots++;
      for (const key of outcome.failedSlot) (tallies.get(key) as SlotClauseTally).rejects++;
    } else {
      const slotSide = evaluateSlotSide(slot, subject, settings, tallies, clauseMemo, talliesByTree, sides === null ? undefined : sides.slot[s] === 1);
      outcome = { jobAccepts, slotAccepts: slotSide.accepts, failedJob, failedSlot: slotSide.failed };
      if (classes !== undefined) byClass.set(classes[s] as number, { outcome, slotClauses: slotSide.evaluated });
    }
    let allSoFar = true;
    let failed = 0;
    for (let c = 0; c < clauses.length; c++) {
      const pass = outcome.failedJob[failed] !== c;
      if (pass) alone[c] = (alone[c] ?? 0) + 1;
      else failed++;
      allSoFar &&= pass;
      if (allSoFar) remaining[c] = (remaining[c] ?? 0) + 1;
    }
    const slotSide = { accepts: outcome.slotAccepts, failed: outcome.failedSlot };
    outcomes.push(outcome);
    if (jobAccepts && slotSide.accepts) matchedSlots.push(s);
    for (const key of slotSide.failed) {
      const tally = tallies.get(key) as SlotClauseTally;
      if (jobAccepts) tally.rejectsAccepted++;
      if (slotSide.failed.length === 1) tally.onlyReason++;
    }
    if (options.onProgress && ((s + 1) % PROGRESS_EVERY === 0 || s + 1 === total)) options.onProgress(s + 1, total);
  }

  const jobClauses: JobClauseReport[] = clauses.map((clause, c) => {
    const refs = collectReferences(clause, subject);
    return {
      index: c + 1,
      text: fromByteString(clauseText(clause)),
      matchedAlone: alone[c] ?? 0,
      remaining: remaining[c] ?? 0,
      constant: refs.target.size === 0 && !refs.timeDependent,
    };
  });

  const rejectedByJob = outcomes.filter((o) => !o.jobAccepts).length;
  const totals = {
    slots: total,
    rejectedByJob,
    rejectedBySlot: outcomes.filter((o) => o.jobAccepts && !o.slotAccepts).length,
    matched: matchedSlots.length,
  };

  const slotClauseReports = [...tallies.values()]
    .map((t) => slotClauseReport(t, subject))
    .sort((a, b) => b.rejects - a.rejects || b.slots - a.slots);

  const referencedAttributes = referencedSlotAttributes(requirements, subject, slots);
  let candidatePool: Pool | undefined;
  const verdict = decideVerdict({
    job: subject,
    slots,
    settings,
    clauses,
    jobClauses,
    outcomes,
    tallies,
    totals,
    referencedAttributes,
    suggest: options.suggest ?? true,
    countMatches: (changed) => countMatchingSlots(changed, (candidatePool ??= options.pool ?? new Pool(slots)), settings),
  });

  return {
    requirements: requirements === undefined ? null : fromByteString(clauseText(requirements)),
    changes: applied,
    jobAttributes: jobAttributesRead(requirements, subject),
    jobClauses,
    slotClauses: slotClauseReports,
    referencedAttributes,
    container: containerReport(subject, slots, settings, requirements, clauseMemo),
    nearMisses: nearMisses(outcomes, clauses, tallies, slots),
    totals,
    matchedSlots,
    verdict,
    now: settings.now,
  };
}

/**
 * Slots that `job` matches in both directions, through the matchmaking core. Pass the same
 * {@link Pool} for many variants of one job (the what-if search does): its memo is reused.
 */
export function countMatchingSlots(job: ClassAd, slots: Pool | readonly ClassAd[], settings: MatchSettings = {}): number {
  return matchPool(job, slots, settings).indices.length;
}

/**
 * Per clause of the job's Requirements, 1 for each slot of `pool` it accepts alone; and the two
 * sides of the whole match apart (see {@link matchSides}).
 */
function sidesByMatcher(
  job: ClassAd,
  clauses: readonly Expr[],
  pool: Pool,
  settings: MatchSettings,
): { clauses: Uint8Array[]; job: Uint8Array; slot: Uint8Array } {
  const accepted = (expr: Expr): Uint8Array => {
    const variant = new ClassAd(job.entries());
    variant.set("Requirements", expr);
    const out = new Uint8Array(pool.size);
    for (const index of matchPool(variant, pool, { ...settings, oneWay: true }).indices) out[index] = 1;
    return out;
  };
  return { clauses: clauses.map(accepted), ...matchSides(job, pool, settings) };
}

const NO_REQUIREMENTS = "(no Requirements: undefined, so the slot matches nothing)";

/**
 * Outcomes of slot clauses by what they read: the clause's tree and, for every slot attribute its
 * evaluation can reach (through the slot's values and the job's), the slot's tree for it (or its
 * absence). Equal trees (the same objects) give equal values, so equal reads give equal outcomes.
 *
 * Per clause, a tree of steps: which slot attribute the evaluation reads next depends only on the
 * trees found so far, so a step names the attribute to look at and branches on the tree found
 * there; a known outcome ends the path. A lookup costs one step per attribute read, no key built.
 */
class ClauseMemo {
  /** Per clause: its first step, or null when it may read names its text does not show. */
  private readonly roots = new WeakMap<Expr, MemoStep | null>();
  private readonly ids = new WeakMap<Expr, number>();
  private readonly reads = new WeakMap<Expr, AttributeReads>();
  private readonly jobReads: JobReads;
  private nextId = 1;

  constructor(job: ClassAd) {
    this.jobReads = new JobReads(job);
  }

  /** The clause's outcome on this slot, from `evaluate` once per distinct set of reads. */
  outcome(clause: Expr, slot: ClassAd, evaluate: () => boolean): boolean {
    const root = this.roots.get(clause);
    if (root === null) return evaluate();
    let step = root;
    while (step !== undefined && !step.known && step.name !== null) step = step.next.get(this.treeId(slot.lookupLower(step.name)));
    if (step !== undefined && step.known) return step.outcome;
    const path = this.trace(clause, slot);
    if (path === null) {
      // Unknowable for every slot when the clause itself is; else only through this slot's values.
      const reads = this.readsOf(clause);
      if (reads.dynamic || reads.otherDynamic) this.roots.set(clause, null);
      return evaluate();
    }
    const outcome = evaluate();
    this.record(clause, root, path, outcome);
    return outcome;
  }

  private record(clause: Expr, root: MemoStep | undefined, path: readonly (string | number)[], outcome: boolean): void {
    let step = root ?? newStep();
    if (root === undefined) this.roots.set(clause, step);
    for (let i = 0; i < path.length; i += 2) {
      step.name = path[i] as string;
      let next = step.next.get(path[i + 1] as number);
      if (next === undefined) {
        next = newStep();
        step.next.set(path[i + 1] as number, next);
      }
      step = next;
    }
    step.known = true;
    step.outcome = outcome;
  }

  /** The slot attributes the clause reads, in reading order, each followed by the id of its tree; null when unknowable. */
  private trace(clause: Expr, slot: ClassAd): (string | number)[] | null {
    const path: (string | number)[] = [];
    const seen = new Set<string>();
    const pending: string[] = [];
    const visit = (expr: Expr): boolean => {
      const reads = this.readsOf(expr);
      if (reads.dynamic || reads.otherDynamic) return false;
      for (const name of reads.own) pending.push(name);
      // A job attribute read (or an unscoped name the slot lacks) may read slot names in turn.
      for (const name of reads.other) for (const slotName of this.jobReads.slotNamesVia(name)) pending.push(slotName);
      for (const name of reads.own) for (const slotName of this.jobReads.slotNamesVia(name)) pending.push(slotName);
      return true;
    };
    if (!visit(clause)) return null;
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const value = slot.lookupLower(name);
      path.push(name, this.treeId(value));
      if (value !== undefined && !visit(value)) return null;
    }
    return path;
  }

  /** A number per tree object; 0 for an absent attribute. */
  private treeId(expr: Expr | undefined): number {
    if (expr === undefined) return 0;
    let id = this.ids.get(expr);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(expr, id);
    }
    return id;
  }

  private readsOf(expr: Expr): AttributeReads {
    let reads = this.reads.get(expr);
    if (reads === undefined) {
      reads = attributeReads(expr);
      this.reads.set(expr, reads);
    }
    return reads;
  }
}

/** One step of a clause's memo (see {@link ClauseMemo}). */
interface MemoStep {
  /** The slot attribute (folded) read next; null until a path through this step is recorded. */
  name: string | null;
  /** The next step, by the id of the tree found under `name`. */
  readonly next: Map<number, MemoStep>;
  known: boolean;
  outcome: boolean;
}

function newStep(): MemoStep {
  return { name: null, next: new Map(), known: false, outcome: false };
}

function evaluateSlotSide(
  slot: ClassAd,
  job: ClassAd,
  settings: MatchSettings,
  tallies: Map<string, SlotClauseTally>,
  memo: ClauseMemo | null,
  talliesByTree: TalliesByTree,
  knownAccepts?: boolean,
): { accepts: boolean; failed: string[]; evaluated: string[] } {
  const requirements = slot.lookup("Requirements");
  const failed: string[] = [];
  if (requirements === undefined) {
    const tally = tallyFor(tallies, "Requirements", NO_REQUIREMENTS, null);
    tally.slots++;
    tally.rejects++;
    failed.push(tally.key);
    return { accepts: false, failed, evaluated: [tally.key] };
  }
  const accepts = knownAccepts ?? isMatchTrue(matchEvaluator(settings).evaluateInMatch(requirements, slot, job));
  const seen = new Set<string>();
  for (const clause of slotClauses(slot)) {
    const tally = clauseTally(tallies, talliesByTree, clause.from, clause.expr, slot);
    if (seen.has(tally.key)) continue;
    seen.add(tally.key);
    tally.slots++;
    const holds = (): boolean => isMatchTrue(matchEvaluator(settings).evaluateInMatch(clause.expr, slot, job));
    if (!(memo === null ? holds() : memo.outcome(clause.expr, slot, holds))) {
      tally.rejects++;
      failed.push(tally.key);
    }
  }
  return { accepts, failed, evaluated: [...seen] };
}

/** A slot clause's tally by its tree and where it comes from (slots read together share trees). */
type TalliesByTree = WeakMap<Expr, Map<string, SlotClauseTally>>;

function clauseTally(tallies: Map<string, SlotClauseTally>, byTree: TalliesByTree, from: string, expr: Expr, slot: ClassAd): SlotClauseTally {
  let byFrom = byTree.get(expr);
  if (byFrom === undefined) {
    byFrom = new Map();
    byTree.set(expr, byFrom);
  }
  let tally = byFrom.get(from);
  if (tally === undefined) {
    tally = tallyFor(tallies, from, clauseText(expr), expr, slot);
    byFrom.set(from, tally);
  }
  return tally;
}

function tallyFor(
  tallies: Map<string, SlotClauseTally>,
  from: string,
  text: string,
  expr: Expr | null,
  slot?: ClassAd,
): SlotClauseTally {
  const key = from.toLowerCase() + "\u0000" + text;
  let tally = tallies.get(key);
  if (!tally) {
    tally = { key, from, text, expr, exampleSlot: slot ?? null, slots: 0, rejects: 0, rejectsAccepted: 0, onlyReason: 0 };
    tallies.set(key, tally);
  }
  return tally;
}

function slotClauseReport(tally: SlotClauseTally, job: ClassAd): SlotClauseReport {
  const missing: string[] = [];
  if (tally.expr !== null) {
    for (const name of targetNamesRequired(tally.expr)) {
      if (!definesValue(job, name)) missing.push(fromByteString(name));
    }
  }
  return {
    text: fromByteString(tally.text),
    from: fromByteString(tally.from),
    slots: tally.slots,
    rejects: tally.rejects,
    onlyReason: tally.onlyReason,
    missingJobAttributes: missing,
  };
}

function referencedSlotAttributes(
  requirements: Expr | undefined,
  job: ClassAd,
  slots: readonly ClassAd[],
): ReferencedAttribute[] {
  if (requirements === undefined) return [];
  const out: ReferencedAttribute[] = [];
  for (const name of collectReferences(requirements, job).target) {
    let definedOn = 0;
    for (const slot of slots) if (definesValue(slot, name)) definedOn++;
    out.push({ name: fromByteString(name), definedOn, mostlyUndefined: definedOn * 2 < slots.length });
  }
  return out.sort((a, b) => a.definedOn - b.definedOn || a.name.localeCompare(b.name));
}

function jobAttributesRead(requirements: Expr | undefined, job: ClassAd): { name: string; value: string }[] {
  if (requirements === undefined) return [];
  const out: { name: string; value: string }[] = [];
  for (const name of collectReferences(requirements, job).my) {
    const expr = job.lookup(name);
    if (expr !== undefined) out.push({ name: fromByteString(name), value: fromByteString(clauseText(expr)) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const CONTAINER_ATTRIBUTES = [
  "hassingularity",
  "has_singularity",
  "singularity_can_use_sif",
  "singularity_can_use_registry",
  "hascontainer",
];

function containerReason(job: ClassAd, requirements: Expr | undefined): string | null {
  for (const name of ["SingularityImage", "ContainerImage", "DockerImage"]) {
    const value = job.lookup(name);
    if (value !== undefined) return `${job.spelling(name) ?? name} = ${fromByteString(clauseText(value))}`;
  }
  if (requirements !== undefined) {
    for (const name of collectReferences(requirements, job).target) {
      if (CONTAINER_ATTRIBUTES.includes(name.toLowerCase())) return `the Requirements read ${fromByteString(name)}`;
    }
  }
  return null;
}

const MY = (name: string): Expr => attrRef(name, attrRef("MY"));

function containerReport(
  job: ClassAd,
  slots: readonly ClassAd[],
  settings: MatchSettings,
  requirements: Expr | undefined,
  memo: ClauseMemo | null,
): ContainerReport | null {
  const reason = containerReason(job, requirements);
  if (reason === null) return null;
  // In the order of CONTAINER_PROBES.
  const probes = CONTAINER_PROBES.map((name) => MY(name));
  const counts = { hasSingularity: 0, pilot: 0, both: 0, sif: 0, registry: 0, container: 0 };
  const holds = (expr: Expr, slot: ClassAd): boolean => {
    const evaluate = (): boolean => isMatchTrue(matchEvaluator(settings).evaluateInMatch(expr, slot, job));
    return memo === null ? evaluate() : memo.outcome(expr, slot, evaluate);
  };
  slots.forEach((slot) => {
    const [htcondor, pilot, sif, registry, container] = probes.map((probe) => holds(probe, slot));
    if (htcondor) counts.hasSingularity++;
    if (pilot) counts.pilot++;
    if (htcondor && pilot) counts.both++;
    if (sif) counts.sif++;
    if (registry) counts.registry++;
    if (container) counts.container++;
  });
  return {
    reason,
    slots: slots.length,
    hasSingularity: counts.hasSingularity,
    HAS_SINGULARITY: counts.pilot,
    both: counts.both,
    canUseSif: counts.sif,
    canUseRegistry: counts.registry,
    hasContainer: counts.container,
  };
}

/** The slot's Name, or its position when it has none. */
export function slotLabel(slot: ClassAd, index: number): string {
  const name = slot.lookup("Name");
  if (name !== undefined && name.kind === "literal" && name.value.kind === "string") return fromByteString(name.value.v);
  return `slot #${index}`;
}

function nearMisses(
  outcomes: readonly SlotOutcome[],
  clauses: readonly Expr[],
  tallies: Map<string, SlotClauseTally>,
  slots: readonly ClassAd[],
): NearMissGroup[] {
  const groups = new Map<string, { group: Omit<NearMissGroup, "slots" | "examples">; slots: number; examples: string[] }>();
  outcomes.forEach((outcome, s) => {
    const failures = outcome.failedJob.length + outcome.failedSlot.length;
    if (failures !== 1) return;
    let key: string;
    let group: Omit<NearMissGroup, "slots" | "examples">;
    const jobIndex = outcome.failedJob[0];
    if (jobIndex !== undefined) {
      key = `job:${jobIndex}`;
      group = { side: "job", index: jobIndex + 1, text: fromByteString(clauseText(clauses[jobIndex] as Expr)), from: "Requirements" };
    } else {
      const tally = tallies.get(outcome.failedSlot[0] as string) as SlotClauseTally;
      key = `slot:${tally.key}`;
      group = { side: "slot", index: 0, text: fromByteString(tally.text), from: fromByteString(tally.from) };
    }
    let entry = groups.get(key);
    if (!entry) {
      entry = { group, slots: 0, examples: [] };
      groups.set(key, entry);
    }
    entry.slots++;
    if (entry.examples.length < EXAMPLE_LIMIT) entry.examples.push(slotLabel(slots[s] as ClassAd, s));
  });
  return [...groups.values()]
    .map((e) => ({ ...e.group, slots: e.slots, examples: e.examples }))
    .sort((a, b) => b.slots - a.slots);
}

