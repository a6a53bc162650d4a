/**
 * The slots `match` and `analyze` read: a plain `-long` dump file is read for what matching the
 * jobs reads (the projecting reader, in worker threads for big files); stdin, gzip, the other
 * formats, jobs whose reads cannot be known from their text, and `--strict` are read whole.
 */
import type { ClassAd } from "../../classad/classad.js";
import type { SlotTable } from "../../model/slot-table.js";
import type { ProjectedFile } from "../../formats/projection-file.js";
import type { MatchReads } from "../../match/reads.js";
import type { CliIO } from "../io.js";
import type { SkippedAds } from "../faults.js";
import type { PhaseClock } from "../phases.js";
import { loadPool, loadProjectedPool } from "./ad-input.js";

export interface LoadedSlots {
  readonly slots: readonly ClassAd[];
  /** What a `Pool` is made from: the projecting read's table, else the ads. */
  readonly source: SlotTable | readonly ClassAd[];
  /** The projecting read, when the dump was read that way. */
  readonly projected: ProjectedFile | null;
}

export interface SlotLoadOptions {
  readonly json: boolean;
  readonly threads?: number | undefined;
  /** Phases for `--stats`: `read`, `scan` and `parse` end when the slots are loaded. */
  readonly clock?: PhaseClock | undefined;
  /** The subcommand, named in fault reports. */
  readonly command?: string;
  /** Read every attribute of every slot (`--strict`): a syntax error anywhere skips the ad, as in HTCondor. */
  readonly strict?: boolean;
  /** Counts the ads skipped as malformed. */
  readonly skipped?: SkippedAds | undefined;
}

export async function loadSlotsFor(path: string, io: CliIO, reads: MatchReads, options: SlotLoadOptions): Promise<LoadedSlots> {
  const command = options.command === undefined ? {} : { command: options.command };
  const readWhole = reads.dynamic || options.strict === true;
  const projected = readWhole ? null : await loadProjectedPool(path, io, reads, { threads: options.threads, skipped: options.skipped, ...command });
  if (projected === null) {
    const slots = await loadPool(path, io, { json: options.json, skipped: options.skipped, ...command });
    options.clock?.mark("read", `${slots.length} slots read whole (every attribute kept, parsed on first use)`);
    return { slots, source: slots, projected: null };
  }
  const { table, timings } = projected;
  if (options.clock !== undefined) {
    const threads = timings.workers === 1 ? "1 thread" : `${timings.workers} threads`;
    const both = timings.readMs + timings.scanMs;
    const readFraction = both > 0 ? timings.readMs / both : 0;
    const scanWall = Math.max(0, timings.scanWallMs);
    options.clock.share([
      { name: "read", weight: scanWall * readFraction, note: `reading bytes (${threads}: ${timings.readMs.toFixed(0)} ms in all)` },
      { name: "scan", weight: scanWall * (1 - readFraction), note: `finding the lines matching reads (${threads}: ${timings.scanMs.toFixed(0)} ms in all)` },
      { name: "parse", weight: timings.mergeMs, note: `merging, checking ads, parsing ${table.stats.valuesParsed} distinct values (${table.stats.parserCalls} by the parser)` },
    ]);
  }
  return { slots: table.ads, source: table, projected };
}
