/**
 * The page's engine: reads the ads, analyzes the job against the pool, explains clauses. It runs
 * in a Web Worker (so a large dump never blocks typing); where the browser refuses a worker (a
 * page opened from disk), the page loads this same file with a <script> tag and calls it
 * directly. Built from `classad/core` alone.
 */
import {
  analyze,
  applyChanges,
  dumpTime,
  explain,
  formatFault,
  isMatchTrue,
  lintAd,
  parseAds,
  parseExpression,
  slotLabel,
  splitAnd,
  toByteString,
  fromByteString,
  unparse,
  evaluate,
  type AnalysisReport,
  type ClassAd,
  type Expr,
  type LoadedAds,
} from "../core.js";
import type { AnalysisResponse, AnalyzeRequest, ExplainRequest, ExplanationResponse, InPageEngine, InputSummary, Request, Response } from "./protocol.js";

/** Faults listed per input; the rest are counted. */
const FAULTS_SHOWN = 5;
/** Attributes offered for what-if editing when the job defines them. */
const RESOURCE_ATTRIBUTES = ["RequestCpus", "RequestMemory", "RequestDisk", "RequestGPUs", "SingularityImage", "ContainerImage"];

interface Loaded {
  readonly text: string;
  readonly read: LoadedAds | null;
}

const EMPTY: Loaded = { text: "", read: null };

class Engine implements InPageEngine {
  private job: Loaded = EMPTY;
  private pool: Loaded = EMPTY;
  private now = 0;
  /** The job as analyzed (what-if changes applied), for explanations. */
  private subject: ClassAd | null = null;

  handle(request: Request): Response {
    return request.kind === "analyze" ? this.analyze(request) : this.explain(request);
  }

  private analyze(request: AnalyzeRequest): AnalysisResponse {
    const started = Date.now();
    if (request.job !== undefined && request.job !== this.job.text) this.job = load(request.job);
    if (request.pool !== undefined && request.pool !== this.pool.text) this.pool = load(request.pool);
    const jobAd = this.job.read?.ads[0];
    const slots = this.pool.read?.ads ?? [];
    const { now, source } = this.chooseNow(request.now, slots);
    this.now = now;
    const base = {
      kind: "analysis" as const,
      seq: request.seq,
      job: summaryOf(this.job.read),
      pool: summaryOf(this.pool.read),
      now,
      nowSource: source,
      slotNames: slots.map((slot, i) => slotLabel(slot, i)),
    };
    // A fresh read of the job for the lint: hints on spacing need the attribute text as written.
    const hints = jobAd === undefined ? [] : lintAd(parseAds(toByteString(this.job.text)).ads[0] ?? jobAd, { targets: slots });
    const empty = { report: null, attributes: [], hints, millis: Date.now() - started };
    if (jobAd === undefined) return { ...base, ...empty, problem: "Paste a job ad (condor_q -l) or drop its file." };
    if (slots.length === 0) return { ...base, ...empty, problem: "Paste a pool dump (condor_status -l) or load the OSPool sample." };
    for (const change of request.set) {
      try {
        parseExpression(change.value);
      } catch (err) {
        this.subject = null;
        return { ...base, ...empty, problem: `What-if ${change.name}: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    const report: AnalysisReport = analyze(jobAd, slots, { now, timeZone: "UTC", set: request.set });
    this.subject = applyChanges(jobAd, request.set).job;
    return { ...base, problem: null, report, attributes: editable(jobAd, report), hints, millis: Date.now() - started };
  }

  private chooseNow(typed: string, slots: readonly ClassAd[]): { now: number; source: AnalysisResponse["nowSource"] } {
    const text = typed.trim();
    if (/^-?\d+$/.test(text)) return { now: Number(text), source: "typed" };
    const fromDump = dumpTime(slots);
    if (fromDump !== undefined) return { now: fromDump, source: "dump" };
    return { now: Math.floor(Date.now() / 1000), source: "clock" };
  }

  private explain(request: ExplainRequest): ExplanationResponse {
    const slots = this.pool.read?.ads ?? [];
    const job = this.subject;
    const none = { kind: "explanation" as const, seq: request.seq, slot: -1, expression: "", value: "", tree: null, firstProblem: null, hints: [], context: "" };
    if (job === null || slots.length === 0) return { ...none, problem: "Nothing to explain yet." };
    const [side, number] = request.target.split(":") as [string, string];
    const index = Number(number);
    let expr: Expr | undefined;
    if (side === "job") {
      const requirements = job.lookup("Requirements");
      expr = requirements === undefined ? undefined : index === 0 ? requirements : splitAnd(requirements)[index - 1];
    }
    const pick = (slot: ClassAd): { my: ClassAd; target: ClassAd; expr: Expr | undefined } =>
      side === "job" ? { my: job, target: slot, expr } : { my: slot, target: job, expr: slot.lookup("Requirements") };
    let slotIndex = request.slot;
    if (slotIndex < 0 || slotIndex >= slots.length) {
      slotIndex = slots.findIndex((slot) => {
        const p = pick(slot);
        return p.expr !== undefined && !isMatchTrue(evaluate(p.expr, { my: p.my, target: p.target, now: this.now, timeZone: "UTC" }));
      });
      if (slotIndex < 0) slotIndex = 0;
    }
    const slot = slots[slotIndex] as ClassAd;
    const chosen = pick(slot);
    const label = slotLabel(slot, slotIndex);
    const context = side === "job" ? `MY = the job, TARGET = ${label}` : `MY = ${label}, TARGET = the job`;
    if (chosen.expr === undefined) return { ...none, slot: slotIndex, context, problem: side === "job" ? "The job has no Requirements." : "This slot has no Requirements." };
    const explanation = explain(chosen.expr, { my: chosen.my, target: chosen.target, now: this.now, timeZone: "UTC" });
    return {
      kind: "explanation",
      seq: request.seq,
      problem: null,
      slot: slotIndex,
      expression: explanation.expression,
      value: explanation.valueText,
      tree: explanation.tree,
      firstProblem: explanation.problem,
      hints: explanation.hints,
      context,
    };
  }
}

function load(text: string): Loaded {
  if (text.trim() === "") return { text, read: null };
  return { text, read: parseAds(toByteString(text)) };
}

function summaryOf(read: LoadedAds | null): InputSummary {
  if (read === null) return { format: null, ads: 0, faults: [], faultCount: 0 };
  const errors = read.faults.filter((f) => f.severity === "error");
  return { format: read.summary.format, ads: read.ads.length, faults: errors.slice(0, FAULTS_SHOWN).map(formatFault), faultCount: errors.length };
}

/**
 * The attributes offered for editing: those the Requirements read, the resource requests the job
 * makes, and any the user changed; each with its text in the job as read (not as changed).
 */
function editable(job: ClassAd, report: AnalysisReport): { name: string; value: string }[] {
  const names = [...report.jobAttributes.map((a) => a.name), ...RESOURCE_ATTRIBUTES.filter((n) => job.lookup(n) !== undefined), ...report.changes.map((c) => c.name)];
  const out = new Map<string, { name: string; value: string }>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (out.has(key)) continue;
    const expr = job.lookup(name);
    out.set(key, { name: job.spelling(name) ?? name, value: expr === undefined ? "" : unparsed(expr) });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function unparsed(expr: Expr): string {
  return fromByteString(unparse(expr)).trim();
}

const engine = new Engine();

/** In a worker: answer messages. In a page: expose the engine for the page's fallback. */
const scope = globalThis as unknown as { document?: unknown; postMessage?: (data: unknown) => void; onmessage?: unknown; classadEngine?: InPageEngine };
if (scope.document === undefined && typeof scope.postMessage === "function") {
  scope.onmessage = (event: { data: Request }): void => {
    const post = scope.postMessage as (data: unknown) => void;
    try {
      post(engine.handle(event.data));
    } catch (err) {
      post({ kind: "failure", seq: event.data.seq, message: err instanceof Error ? err.message : String(err) });
    }
  };
} else {
  scope.classadEngine = engine;
}
