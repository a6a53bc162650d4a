/**
 * The human rendering of an {@link AnalysisReport}: sections and aligned tables in the manner of
 * `condor_q -better-analyze`, plus the verdict. Output is plain text (ordinary JS strings).
 */
import type { AnalysisReport } from "./types.js";

export interface RenderOptions {
  /** How the job is named in the heading (a file name, say). */
  readonly jobLabel?: string;
  /** How the slots are named in the heading ("pool.ads", "this machine"). */
  readonly poolLabel?: string;
  /** Wrap the Requirements text at this width (default 100). */
  readonly width?: number;
  /** Also list slot-side clauses that reject no slot (default false). */
  readonly allSlotClauses?: boolean;
}

const UNITS = new Map<string, string>([
  ["requestmemory", "MiB"],
  ["requestdisk", "KiB"],
  ["memory", "MiB"],
  ["disk", "KiB"],
  ["diskusage", "KiB"],
]);

/** A table: right-aligned numeric columns, the last column left-aligned and never padded. */
function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], indent = ""): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const last = headers.length - 1;
  const numeric = (i: number): boolean => rows.some((r) => typeof r[i] === "number");
  const line = (cells: readonly (string | number)[], rule = false): string =>
    indent +
    cells
      .map((cell, i) => {
        const text = String(cell);
        if (i === last || rule) return text;
        return numeric(i) ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
      })
      .join("  ")
      .trimEnd();
  const rules = headers.map((h, i) => (i === last ? "-".repeat(h.length) : "-".repeat(widths[i] ?? 0)));
  const head = headers.map((h, i) => (i === last ? h : numeric(i) ? h.padStart(widths[i] ?? 0) : h.padEnd(widths[i] ?? 0)));
  return [line(head, true), line(rules, true), ...rows.map((r) => line(r))];
}

/** Break a long expression after `&&` / `||` so that no line exceeds `width` where possible. */
export function wrapExpression(text: string, width: number, indent = "    "): string[] {
  const pieces = text.split(/(?<=&& |\|\| )/);
  const lines: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current !== "" && indent.length + current.length + piece.length > width) {
      lines.push(indent + current.trimEnd());
      current = "";
    }
    current += piece;
  }
  if (current !== "") lines.push(indent + current.trimEnd());
  return lines;
}

function withUnit(name: string, value: string): string {
  const unit = UNITS.get(name.toLowerCase());
  return unit !== undefined && /^-?[0-9.]+$/.test(value) ? `${value} (${unit})` : value;
}

/** Slot policy clauses can run to hundreds of characters; tables show their start (JSON has them whole). */
const CLAUSE_SHOWN = 160;

function shorten(text: string): string {
  return text.length <= CLAUSE_SHOWN ? text : text.slice(0, CLAUSE_SHOWN - 4) + " ...";
}

export function renderAnalysis(report: AnalysisReport, options: RenderOptions = {}): string {
  const width = options.width ?? 100;
  const out: string[] = [];
  const slots = report.totals.slots;
  const heading = [
    options.jobLabel !== undefined ? `Job ${options.jobLabel}` : "The job",
    `against ${slots} slot${slots === 1 ? "" : "s"}${options.poolLabel !== undefined ? ` (${options.poolLabel})` : ""},`,
    `evaluated at now = ${report.now} (${new Date(report.now * 1000).toISOString().replace(".000Z", "Z")})`,
  ];
  out.push(heading.join(" "), "");

  if (report.changes.length > 0) {
    out.push("What-if, applied to the job before the analysis:", "");
    for (const c of report.changes) out.push(`    ${c.name} = ${c.value}    (was ${c.previous ?? "undefined"})`);
    out.push("");
  }

  if (report.requirements === null) {
    out.push("The job has no Requirements.", "");
  } else {
    out.push("The job's Requirements:", "", ...wrapExpression(report.requirements, width), "");
    if (report.jobAttributes.length > 0) {
      out.push("Job attributes the Requirements read:", "");
      for (const a of report.jobAttributes) out.push(`    ${a.name} = ${withUnit(a.name, a.value)}`);
      out.push("");
    }
    out.push("The job's Requirements, clause by clause (each alone, then applied in order):", "");
    const rows = report.jobClauses.map((c) => [
      `[${c.index}]`,
      c.constant ? (c.matchedAlone > 0 ? "always" : "never") : c.matchedAlone,
      c.remaining,
      c.text,
    ]);
    out.push(...table(["Clause", "Alone", "Remaining", "Condition"], rows), "");
  }

  const rejecting = report.slotClauses.filter((c) => options.allSlotClauses || c.rejects > 0);
  out.push("The slots' own Requirements, clause by clause (evaluated with this job as TARGET):", "");
  if (rejecting.length === 0) {
    out.push("    No clause of the slots' Requirements rejects this job.");
  } else {
    const rows = rejecting.map((c) => [c.slots, c.rejects, c.onlyReason, c.from, shorten(c.text)]);
    out.push(...table(["Slots", "Rejects", "Only reason", "From", "Condition"], rows));
    const hidden = report.slotClauses.length - rejecting.length;
    if (hidden > 0) out.push(`    (${hidden} more clause${hidden === 1 ? "" : "s"} reject no slot)`);
  }
  out.push("");

  const silent = report.referencedAttributes.filter((a) => a.definedOn < slots);
  if (silent.length > 0) {
    out.push("Slot attributes the job reads that some slots do not define (undefined never matches):", "");
    const rows = silent.map((a) => [`${a.definedOn} of ${slots}`, a.mostlyUndefined ? `${a.name}   <- mostly undefined` : a.name]);
    out.push(...table(["Defined on", "Attribute"], rows, "    "), "");
  }

  if (report.container !== null) {
    const c = report.container;
    out.push(`Container readiness (${c.reason}):`, "");
    const rows: (string | number)[][] = [
      [c.hasSingularity, "HasSingularity (HTCondor's own test)"],
      [c.HAS_SINGULARITY, "HAS_SINGULARITY (OSPool pilot's test)"],
      [c.both, "both"],
      [c.canUseSif, "SINGULARITY_CAN_USE_SIF"],
      [c.canUseRegistry, "SINGULARITY_CAN_USE_REGISTRY"],
      [c.hasContainer, "HasContainer"],
    ];
    out.push(...table(["Slots", "Attribute true"], rows, "    "), "");
  }

  if (report.nearMisses.length > 0) {
    out.push("Near misses: slots that fail exactly one clause:", "");
    const rows = report.nearMisses.map((m) => [
      m.slots,
      m.side === "job" ? `job [${m.index}]` : `slot ${m.from}`,
      `${shorten(m.text)}    e.g. ${m.examples.join(", ")}`,
    ]);
    out.push(...table(["Slots", "Side", "Clause"], rows, "    "), "");
  }

  const t = report.totals;
  out.push(
    `Of ${t.slots} slot${t.slots === 1 ? "" : "s"}:`,
    `  ${String(t.rejectedByJob).padStart(6)} are rejected by the job's Requirements`,
    `  ${String(t.rejectedBySlot).padStart(6)} reject the job because of their own Requirements`,
    `  ${String(t.matched).padStart(6)} match`,
    "",
  );
  out.push(`Verdict: ${report.verdict.summary}.`);
  for (const reason of report.verdict.reasons) out.push(`  ${reason}`);
  return out.join("\n") + "\n";
}
