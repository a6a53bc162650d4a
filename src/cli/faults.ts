/**
 * How the commands report the faults of an input they read: one summary line (how many ads were
 * read, how many were skipped and the first reason), then the faults one per line up to a cap,
 * then how many more there were. Everything is escaped for the terminal (it quotes the input).
 */
import { formatFault, type AdFault } from "../formats/faults.js";
import type { ReadSummary } from "../formats/read.js";
import type { CliIO } from "./io.js";
import type { ClassAd } from "../classad/classad.js";
import { escapeControls } from "./terminal.js";

/** Fault lines printed per input; the rest are counted. */
export const MAX_FAULT_LINES = 20;

/** `1234567` as `1,234,567` (as the summaries print counts and lines). */
function grouped(n: number): string {
  return n.toLocaleString("en-US");
}

/** `ad 51, line 7,012: message [code]` */
function briefFault(fault: AdFault): string {
  const where: string[] = [];
  if (fault.adIndex >= 0) where.push(`ad ${fault.adIndex}`);
  if (fault.line > 0) where.push(`line ${grouped(fault.line)}`);
  return `${where.length > 0 ? where.join(", ") + ": " : ""}${fault.message} [${fault.code}]`;
}

/**
 * The summary of a read with faults: `143 ads read, 1 skipped: ad 51, line 7,012: ...`; null when
 * there were no error faults (warnings alone are not reported).
 */
export function faultSummary(summary: ReadSummary, faults: readonly AdFault[]): string | null {
  const first = faults.find((fault) => fault.severity === "error");
  if (first === undefined || summary.faults === 0) return null;
  const read = summary.ads + summary.adsDropped;
  const skipped = summary.adsDropped > 0 ? `${grouped(summary.adsDropped)} skipped` : `${grouped(summary.faults)} malformed entr${summary.faults === 1 ? "y" : "ies"}`;
  return `${grouped(read)} ad${read === 1 ? "" : "s"} read, ${skipped}: ${briefFault(first)}`;
}

/** Print the summary and up to {@link MAX_FAULT_LINES} faults of a read on stderr, escaped. */
/** Ads skipped as malformed, counted over the reads of one command (for `--strict`). */
export interface SkippedAds {
  count: number;
}

export function reportFaults(io: CliIO, command: string, label: string, summary: ReadSummary, faults: readonly AdFault[]): void {
  const head = faultSummary(summary, faults);
  if (head === null) return;
  const errors = faults.filter((fault) => fault.severity === "error");
  const lines = [`classad${command === "" ? "" : " " + command}: ${label}: ${head}`];
  if (errors.length > 1) {
    for (const fault of errors.slice(0, MAX_FAULT_LINES)) lines.push(`  ${formatFault(fault)}`);
    const rest = summary.faults - Math.min(errors.length, MAX_FAULT_LINES);
    if (rest > 0) lines.push(`  ... and ${grouped(rest)} more`);
  }
  io.error(escapeControls(lines.join("\n") + "\n"));
}

/**
 * The position of each loaded ad in its input as read (skipped ads counted, as fault messages
 * number them), by its index among the ads loaded; the loaded index when an ad has no origin.
 */
export function inputPositions(ads: readonly ClassAd[]): (index: number) => number {
  return (index) => ads[index]?.origin?.index ?? index;
}

/** Exit status of `--strict` when ads were skipped as malformed (0-2 keep their meanings). */
export const EXIT_ADS_SKIPPED = 3;

/** `--strict`'s last word: the ads skipped, then {@link EXIT_ADS_SKIPPED}. */
export function strictFailure(io: CliIO, command: string, skipped: SkippedAds): number {
  io.error(`classad ${command}: --strict: ${skipped.count} ad${skipped.count === 1 ? "" : "s"} skipped as malformed (exit ${EXIT_ADS_SKIPPED})\n`);
  return EXIT_ADS_SKIPPED;
}
