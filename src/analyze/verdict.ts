/**
 * The verdict of an analysis: how many slots match, and when none does, why not and the smallest
 * change to the job found that makes it match.
 *
 * The change search looks at resource clauses, comparisons of a slot attribute with a job
 * attribute (`TARGET.Memory >= RequestMemory`, and on the slot side `TARGET.RequestCpus <= MY.Cpus`).
 * For every slot that fails only such clauses, lowering each request to what that slot offers
 * would fix it; candidates are tried from the smallest relative reduction up, each checked by a
 * full match of the changed job, and the first that matches is reported.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef, literal } from "../ast/build.js";
import { fromByteString } from "../model/bytes.js";
import type { ClassAd } from "../classad/classad.js";
import { TRUE, intValue, realValue, stringValue } from "../model/value.js";
import { definesValue, stripParens, targetNamesRequired } from "./clauses.js";
import { matchEvaluator, numberOf, type MatchSettings } from "./match-eval.js";
import { applyChanges } from "./what-if.js";
import type { JobClauseReport, ReferencedAttribute, SlotTotals, Suggestion, Verdict } from "./types.js";

export interface SlotOutcome {
  readonly jobAccepts: boolean;
  readonly slotAccepts: boolean;
  /** 0-based indices of the job clauses that are not true on this slot. */
  readonly failedJob: readonly number[];
  /** Keys of the slot clauses that reject the job. */
  readonly failedSlot: readonly string[];
}

/** Running counts of one slot-side clause (keyed by where it comes from and its text). */
export interface SlotClauseTally {
  readonly key: string;
  readonly from: string;
  readonly text: string;
  readonly expr: Expr | null;
  readonly exampleSlot: ClassAd | null;
  slots: number;
  rejects: number;
  /** Rejections on slots the job's own Requirements accept. */
  rejectsAccepted: number;
  onlyReason: number;
}

export interface VerdictInput {
  readonly job: ClassAd;
  readonly slots: readonly ClassAd[];
  readonly settings: MatchSettings;
  readonly clauses: readonly Expr[];
  readonly jobClauses: readonly JobClauseReport[];
  readonly outcomes: readonly SlotOutcome[];
  readonly tallies: ReadonlyMap<string, SlotClauseTally>;
  readonly totals: SlotTotals;
  readonly referencedAttributes: readonly ReferencedAttribute[];
  readonly suggest: boolean;
  readonly countMatches: (job: ClassAd) => number;
}

/** A job request compared with a slot resource: the slot must offer at least the request. */
interface ResourcePair {
  readonly jobAttr: string;
  readonly slotAttr: string;
  /** `>`: the slot must offer strictly more. */
  readonly strict: boolean;
}

const MAX_CANDIDATES_TRIED = 12;
const MAX_LISTED_CLAUSES = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function decideVerdict(input: VerdictInput): Verdict {
  const { totals } = input;
  const matches = totals.matched;
  if (matches > 0) {
    return { matches, summary: `matches ${matches} of ${plural(totals.slots, "slot")}`, reasons: [], suggestion: null };
  }
  const summary = totals.slots === 0 ? "no slots to match" : `matches none of the ${plural(totals.slots, "slot")}`;
  if (totals.slots === 0) return { matches, summary, reasons: [], suggestion: null };
  if (input.clauses.length === 0) {
    return {
      matches,
      summary,
      reasons: ["The job has no Requirements: HTCondor evaluates them as undefined, which matches nothing."],
      suggestion: null,
    };
  }
  const reasons: string[] = [];
  reasons.push(...jobSideReasons(input));
  reasons.push(...slotSideReasons(input));
  const suggestion = input.suggest ? findSuggestion(input) : null;
  if (suggestion) {
    const change = suggestion.changes.map((c) => `${c.name} = ${c.value}`).join(", ");
    reasons.push(
      `Smallest change found: ${change} (was ${suggestion.changes.map((c) => c.previous ?? "undefined").join(", ")}); ` +
        `the job would then match ${plural(suggestion.matches, "slot")}` +
        (suggestion.placeholder ? " (the value stands for your own)." : "."),
    );
  }
  return { matches, summary, reasons, suggestion };
}

function jobSideReasons(input: VerdictInput): string[] {
  const { jobClauses, totals } = input;
  const reasons: string[] = [];
  const mentioned = new Set<number>();
  for (const clause of jobClauses) {
    if (clause.matchedAlone > 0) continue;
    mentioned.add(clause.index);
    let line = `Job clause [${clause.index}] ${clause.text} is true on none of the ${plural(totals.slots, "slot")}`;
    const pair = resourcePair(input.clauses[clause.index - 1] as Expr, input.job);
    if (pair) {
      const largest = largestSlotValue(input, pair.slotAttr);
      const asked = jobValue(input, pair.jobAttr);
      if (largest !== null) line += `: the largest ${fromByteString(pair.slotAttr)} offered is ${largest}`;
      if (asked !== null) line += `, the job asks ${fromByteString(pair.jobAttr)} = ${asked}`;
    }
    reasons.push(line + ".");
  }
  if (totals.rejectedByJob === totals.slots && mentioned.size === 0) {
    const drop = jobClauses.find((c) => c.remaining === 0);
    if (drop) {
      reasons.push(
        `No slot satisfies all the job's clauses together: none remains after clause [${drop.index}] ${drop.text}.`,
      );
    }
  }
  const rejecting = jobClauses
    .filter((c) => !mentioned.has(c.index) && c.matchedAlone < totals.slots)
    .sort((a, b) => a.matchedAlone - b.matchedAlone)
    .slice(0, MAX_LISTED_CLAUSES);
  for (const clause of rejecting) {
    reasons.push(
      `Job clause [${clause.index}] ${clause.text} rejects ${totals.slots - clause.matchedAlone} of ${plural(totals.slots, "slot")}.`,
    );
  }
  const silent = input.referencedAttributes.filter((a) => a.mostlyUndefined);
  for (const attr of silent.slice(0, MAX_LISTED_CLAUSES)) {
    reasons.push(
      `${attr.name}, read by the job's Requirements, is defined on only ${attr.definedOn} of ${plural(totals.slots, "slot")} (undefined never matches).`,
    );
  }
  return reasons;
}

function slotSideReasons(input: VerdictInput): string[] {
  const { totals } = input;
  const accepted = totals.slots - totals.rejectedByJob;
  if (accepted === 0) return [];
  const reasons: string[] = [
    `The job's Requirements accept ${plural(accepted, "slot")}, but ${accepted === 1 ? "its" : "their"} own Requirements reject the job:`,
  ];
  const rejecting = [...input.tallies.values()]
    .filter((t) => t.rejectsAccepted > 0)
    .sort((a, b) => b.rejectsAccepted - a.rejectsAccepted)
    .slice(0, MAX_LISTED_CLAUSES + 1);
  const missing = new Map<string, Set<string>>();
  for (const tally of rejecting) {
    reasons.push(
      `  ${fromByteString(tally.from)} clause ${fromByteString(tally.text)} rejects it on ${tally.rejectsAccepted} of ${accepted}.`,
    );
    for (const name of missingJobAttributes(tally, input.job)) {
      const froms = missing.get(name) ?? new Set<string>();
      const from = fromByteString(tally.from);
      if (![...froms].some((f) => f.toLowerCase() === from.toLowerCase())) froms.add(from);
      missing.set(name, froms);
    }
  }
  for (const [name, froms] of missing) {
    reasons.push(`The job does not define ${name}, which the slots' ${[...froms].join(" and ")} read${froms.size === 1 ? "s" : ""}.`);
  }
  return reasons;
}

function missingJobAttributes(tally: SlotClauseTally, job: ClassAd): string[] {
  if (tally.expr === null) return [];
  return [...targetNamesRequired(tally.expr)].filter((name) => !definesValue(job, name)).map(fromByteString);
}

function scopeOf(expr: Expr): { scope: "my" | "target" | null; name: string } | null {
  if (expr.kind !== "attr" || expr.absolute) return null;
  if (expr.scope === null) return { scope: null, name: expr.name };
  const scope = expr.scope;
  if (scope.kind !== "attr" || scope.scope !== null || scope.absolute) return null;
  const lower = scope.name.toLowerCase();
  if (lower === "my" || lower === "self") return { scope: "my", name: expr.name };
  if (lower === "target" || lower === "other") return { scope: "target", name: expr.name };
  return null;
}

/**
 * `slot >= job`-shaped comparison, seen from the ad `mine` the clause lives in. On the job side
 * (`mine` = job) the slot operand is TARGET.x or an unscoped name the job lacks; on the slot side
 * (`mine` = slot) the job operand is TARGET.y.
 */
function comparisonPair(expr: Expr, mine: ClassAd, side: "job" | "slot"): ResourcePair | null {
  const e = stripParens(expr);
  if (e.kind !== "binary") return null;
  let big: Expr;
  let small: Expr;
  if (e.op === ">=" || e.op === ">") [big, small] = [e.left, e.right];
  else if (e.op === "<=" || e.op === "<") [big, small] = [e.right, e.left];
  else return null;
  const strict = e.op === ">" || e.op === "<";
  const bigRef = scopeOf(stripParens(big));
  const smallRef = scopeOf(stripParens(small));
  if (bigRef === null || smallRef === null) return null;
  if (side === "job") {
    const slotSide = bigRef.scope === "target" || (bigRef.scope === null && !mine.has(bigRef.name));
    const jobSide = smallRef.scope === "my" || (smallRef.scope === null && mine.has(smallRef.name));
    return slotSide && jobSide ? { jobAttr: smallRef.name, slotAttr: bigRef.name, strict } : null;
  }
  const jobSide = smallRef.scope === "target";
  const slotSide = bigRef.scope === "my" || (bigRef.scope === null && mine.has(bigRef.name));
  return slotSide && jobSide ? { jobAttr: smallRef.name, slotAttr: bigRef.name, strict } : null;
}

function resourcePair(expr: Expr, job: ClassAd): ResourcePair | null {
  return comparisonPair(expr, job, "job");
}

const TARGET = (name: string): Expr => attrRef(name, attrRef("TARGET"));
const MY = (name: string): Expr => attrRef(name, attrRef("MY"));

function slotValue(input: VerdictInput, slot: ClassAd, slotAttr: string): number | null {
  return numberOf(matchEvaluator(input.settings).evaluateInMatch(TARGET(slotAttr), input.job, slot));
}

function jobValue(input: VerdictInput, jobAttr: string): number | null {
  const first = input.slots[0];
  if (first === undefined) return null;
  return numberOf(matchEvaluator(input.settings).evaluateInMatch(MY(jobAttr), input.job, first));
}

function largestSlotValue(input: VerdictInput, slotAttr: string): number | null {
  let best: number | null = null;
  for (const slot of input.slots) {
    const v = slotValue(input, slot, slotAttr);
    if (v !== null && !Number.isNaN(v) && (best === null || v > best)) best = v;
  }
  return best;
}

interface Candidate {
  readonly values: Map<string, number>;
  readonly cost: number;
  readonly signature: string;
}

/** Resource pairs behind each failure of a slot, or null when some failure is not a resource clause. */
function failurePairs(input: VerdictInput, outcome: SlotOutcome): ResourcePair[] | null {
  const pairs: ResourcePair[] = [];
  for (const index of outcome.failedJob) {
    const pair = resourcePair(input.clauses[index] as Expr, input.job);
    if (pair === null) return null;
    pairs.push(pair);
  }
  for (const key of outcome.failedSlot) {
    const tally = input.tallies.get(key);
    if (!tally || tally.expr === null || tally.exampleSlot === null) return null;
    const pair = comparisonPair(tally.expr, tally.exampleSlot, "slot");
    if (pair === null) return null;
    pairs.push(pair);
  }
  return pairs;
}

function findSuggestion(input: VerdictInput): Suggestion | null {
  const candidates = new Map<string, Candidate>();
  input.outcomes.forEach((outcome, s) => {
    const pairs = failurePairs(input, outcome);
    if (pairs === null || pairs.length === 0) return;
    const slot = input.slots[s] as ClassAd;
    const values = new Map<string, number>();
    for (const pair of pairs) {
      const offered = slotValue(input, slot, pair.slotAttr);
      const asked = jobValue(input, pair.jobAttr);
      if (offered === null || asked === null || !Number.isFinite(offered) || offered < 0) return;
      const allowed = pair.strict ? Math.ceil(offered) - 1 : Math.floor(offered);
      if (allowed >= asked) continue;
      const key = pair.jobAttr.toLowerCase();
      const previous = values.get(key);
      if (previous === undefined || allowed < previous) values.set(key, allowed);
    }
    if (values.size === 0) return;
    // The smallest change keeps every request as high as it can: rank by the largest relative
    // reduction, then by their sum (lowering 64 GiB to 351 MiB is not a small change).
    const reductions = [...values].map(([key, v]) => {
      const asked = jobValue(input, key) ?? v;
      return (asked - v) / Math.abs(asked || 1);
    });
    const cost = Math.max(...reductions) * 1000 + reductions.reduce((a, b) => a + b, 0);
    const signature = [...values].map(([k, v]) => `${k}=${v}`).sort().join(",");
    if (!candidates.has(signature)) candidates.set(signature, { values, cost, signature });
  });
  const ordered = [...candidates.values()].sort((a, b) => a.cost - b.cost || a.signature.localeCompare(b.signature));
  for (const candidate of ordered.slice(0, MAX_CANDIDATES_TRIED)) {
    const changes = [...candidate.values].map(([lower, value]) => ({
      name: input.job.spelling(lower) ?? lower,
      value: literal(Number.isInteger(value) ? intValue(value) : realValue(value)),
    }));
    const { job, applied } = applyChanges(input.job, changes);
    const matches = input.countMatches(job);
    if (matches > 0) {
      const changed = new Set(candidate.values.keys());
      const clauses = input.clauses
        .map((clause, i) => ({ pair: resourcePair(clause, input.job), text: input.jobClauses[i]?.text ?? "" }))
        .filter((c) => c.pair !== null && changed.has(c.pair.jobAttr.toLowerCase()))
        .map((c) => c.text);
      return { changes: applied, matches, clauses, placeholder: false };
    }
  }
  return defineMissingAttribute(input);
}

/** Values tried for a job attribute the slots look for: any string, then a true flag. */
const PLACEHOLDERS = [literal(stringValue("example")), literal(TRUE)];

/**
 * When the slots' own clauses reject the job because it lacks an attribute they read (OSPool
 * slots require a ProjectName), try defining it: a placeholder the user replaces with their value.
 */
function defineMissingAttribute(input: VerdictInput): Suggestion | null {
  const rejecting = [...input.tallies.values()].filter((t) => t.rejectsAccepted > 0).sort((a, b) => b.rejectsAccepted - a.rejectsAccepted);
  const tried = new Set<string>();
  for (const tally of rejecting) {
    for (const name of missingJobAttributes(tally, input.job)) {
      if (tried.has(name.toLowerCase()) || tried.size >= MAX_CANDIDATES_TRIED) continue;
      tried.add(name.toLowerCase());
      for (const value of PLACEHOLDERS) {
        const { job, applied } = applyChanges(input.job, [{ name, value }]);
        const matches = input.countMatches(job);
        if (matches > 0) return { changes: applied, matches, clauses: [fromByteString(tally.text)], placeholder: true };
      }
    }
  }
  return null;
}
