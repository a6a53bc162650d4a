/**
 * The result of {@link analyze}: everything `classad analyze --json` prints. Texts (clauses,
 * slot names, values) are ordinary JS strings; the CLI encodes them on output.
 */

/** One top-level `&&` clause of the job's Requirements, counted over the slots. */
export interface JobClauseReport {
  /** 1-based position in the Requirements, as printed (`[1]`, `[2]`, ...). */
  readonly index: number;
  /** The clause as HTCondor unparses it, outer parentheses removed. */
  readonly text: string;
  /** Slots for which this clause alone is true (MY = job, TARGET = slot). */
  readonly matchedAlone: number;
  /** Slots left after applying clauses 1..index in order. */
  readonly remaining: number;
  /** True when the clause references no slot attribute (its value is the same on every slot). */
  readonly constant: boolean;
}

/** One clause of the slots' own Requirements (START, WithinResourceLimits, ... expanded in place). */
export interface SlotClauseReport {
  /** The clause text, as the slots write it. */
  readonly text: string;
  /** The slot attribute the clause comes from: `Requirements`, `START`, `WithinResourceLimits`, ... */
  readonly from: string;
  /** Slots whose Requirements contain this clause. */
  readonly slots: number;
  /** Of those, slots where the clause is not true with this job as TARGET: it rejects the job there. */
  readonly rejects: number;
  /** Slots where this clause is the only one of the slot's clauses rejecting the job. */
  readonly onlyReason: number;
  /** Job attributes the clause reads (`TARGET.x`) that the job does not define. */
  readonly missingJobAttributes: readonly string[];
}

/** A slot attribute the job's Requirements read, with how many slots define it. */
export interface ReferencedAttribute {
  readonly name: string;
  readonly definedOn: number;
  /** True when fewer than half the slots define it: an undefined value is a silent cause of no match. */
  readonly mostlyUndefined: boolean;
}

/** Slots that fail exactly one clause (job side or slot side), grouped by that clause. */
export interface NearMissGroup {
  readonly side: "job" | "slot";
  /** For the job side, the clause's 1-based index; for the slot side, 0. */
  readonly index: number;
  readonly text: string;
  readonly from: string;
  readonly slots: number;
  /** Names of up to three of those slots. */
  readonly examples: readonly string[];
}

/** Slot counts for the container attributes OSPool matching relies on. */
export interface ContainerReport {
  /** Why the job was recognised as a container job. */
  readonly reason: string;
  readonly slots: number;
  readonly hasSingularity: number;
  readonly HAS_SINGULARITY: number;
  readonly both: number;
  readonly canUseSif: number;
  readonly canUseRegistry: number;
  readonly hasContainer: number;
}

/** One attribute change of a what-if. */
export interface JobAttributeChange {
  readonly name: string;
  /** The new expression, as text. */
  readonly value: string;
  /** The job's previous expression, or null when it did not define the attribute. */
  readonly previous: string | null;
}

/** A change to the job that was checked to make it match. */
export interface Suggestion {
  readonly changes: readonly JobAttributeChange[];
  /** Slots the job matches once the changes are applied. */
  readonly matches: number;
  /** The clauses the change satisfies (the job's resource clauses, or the slots' clause). */
  readonly clauses: readonly string[];
  /** True when the new value only stands for the user's own (a ProjectName, say). */
  readonly placeholder: boolean;
}

export interface Verdict {
  /** Slots matching in both directions. */
  readonly matches: number;
  /** One line: "matches 12 of 143 slots" or "matches none of the 143 slots". */
  readonly summary: string;
  /** Why not (empty when it matches): the clauses and attributes to look at, most telling first. */
  readonly reasons: readonly string[];
  /** The smallest change found that makes the job match, when it matches none. */
  readonly suggestion: Suggestion | null;
}

/** How the slots divide, as in better-analyze's summary. */
export interface SlotTotals {
  readonly slots: number;
  /** The job's Requirements are not true for these slots. */
  readonly rejectedByJob: number;
  /** The job accepts these slots, but their own Requirements reject the job. */
  readonly rejectedBySlot: number;
  /** Both sides agree. */
  readonly matched: number;
}

export interface AnalysisReport {
  /** The job's Requirements as text (null when the job has none: it then matches nothing). */
  readonly requirements: string | null;
  /** The what-if changes applied to the job before the analysis. */
  readonly changes: readonly JobAttributeChange[];
  /** Job attributes the Requirements read, with their values as text (RequestMemory, ...). */
  readonly jobAttributes: readonly { readonly name: string; readonly value: string }[];
  readonly jobClauses: readonly JobClauseReport[];
  readonly slotClauses: readonly SlotClauseReport[];
  readonly referencedAttributes: readonly ReferencedAttribute[];
  readonly container: ContainerReport | null;
  readonly nearMisses: readonly NearMissGroup[];
  readonly totals: SlotTotals;
  /** 0-based positions of the matching slots in the input. */
  readonly matchedSlots: readonly number[];
  readonly verdict: Verdict;
  /** The `now` the analysis evaluated time-dependent expressions at (seconds since the epoch). */
  readonly now: number;
}
