/**
 * The messages between the page (app.ts) and the engine (engine.ts, in a worker or, where the
 * browser allows no worker, in the page). Plain data only: it crosses `postMessage`.
 */
import type { AnalysisReport, ExplainNode, ExplainProblem, LintHint } from "../core.js";

/** Analyze the job against the pool. Texts are sent only when they changed since the last request. */
export interface AnalyzeRequest {
  readonly kind: "analyze";
  readonly seq: number;
  readonly job?: string;
  readonly pool?: string;
  /** The `now` field as typed: empty for the dump's own time. */
  readonly now: string;
  /** What-if: job attributes to change (`NAME`, expression text). */
  readonly set: readonly { readonly name: string; readonly value: string }[];
}

/** Explain one clause (or a whole Requirements) against one slot. */
export interface ExplainRequest {
  readonly kind: "explain";
  readonly seq: number;
  /** `job:0` = the job's whole Requirements, `job:K` = its clause K (1-based), `slot:0` = the slot's Requirements. */
  readonly target: string;
  /** The slot's position in the pool; -1: the first slot where the expression is not true (else the first slot). */
  readonly slot: number;
}

export type Request = AnalyzeRequest | ExplainRequest;

/** How one input was read. */
export interface InputSummary {
  /** Detected format (`long`, `new`, `json`, `xml`), null when empty. */
  readonly format: string | null;
  readonly ads: number;
  /** The first faults, as text (`line 3: ...`). */
  readonly faults: readonly string[];
  readonly faultCount: number;
}

export interface AnalysisResponse {
  readonly kind: "analysis";
  readonly seq: number;
  /** Why there is no analysis (no job, no slots, a bad what-if), or null. */
  readonly problem: string | null;
  readonly job: InputSummary;
  readonly pool: InputSummary;
  /** The time used and where it came from. */
  readonly now: number;
  readonly nowSource: "typed" | "dump" | "clock";
  readonly report: AnalysisReport | null;
  /** Slot names (Name, else `slot #i`), in pool order. */
  readonly slotNames: readonly string[];
  /** Job attributes offered for what-if editing: name and current expression text. */
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
  /** Lint hints for the job ad. */
  readonly hints: readonly LintHint[];
  /** Milliseconds spent reading and analyzing. */
  readonly millis: number;
}

export interface ExplanationResponse {
  readonly kind: "explanation";
  readonly seq: number;
  readonly problem: string | null;
  /** The slot explained against. */
  readonly slot: number;
  readonly expression: string;
  readonly value: string;
  readonly tree: ExplainNode | null;
  readonly firstProblem: ExplainProblem | null;
  readonly hints: readonly LintHint[];
  /** How MY and TARGET are assigned (`MY = the job, TARGET = slot X`). */
  readonly context: string;
}

/** The engine threw (a bug, or input beyond its limits). */
export interface FailureResponse {
  readonly kind: "failure";
  readonly seq: number;
  readonly message: string;
}

export type Response = AnalysisResponse | ExplanationResponse | FailureResponse;

/** What engine.js offers when it is loaded into the page instead of a worker. */
export interface InPageEngine {
  handle(request: Request): Response;
}
