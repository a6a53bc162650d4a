/**
 * Where the wall time of a command went, for `--stats`: consecutive phases measured on one clock
 * that starts when the process started (`performance.timeOrigin`), so that the phases add up to
 * the wall time, start-up included. Peak memory is the process's (worker threads included).
 */

export interface Phase {
  readonly name: string;
  readonly ms: number;
  readonly note: string;
}

export class PhaseClock {
  private readonly list: Phase[] = [];
  private last: number;

  /** The first phase, `startup`, runs from the process's start to this call. */
  constructor() {
    this.last = performance.now();
    this.list.push({ name: "startup", ms: this.last, note: "node and the classad modules, until the command ran" });
  }

  /** Ends a phase now. */
  mark(name: string, note = ""): void {
    const now = performance.now();
    this.list.push({ name, ms: now - this.last, note });
    this.last = now;
  }

  /**
   * Ends a stretch now and shares its time among phases in proportion to `weights` (work that
   * threads did at once: reading and scanning), with their notes.
   */
  share(parts: readonly { readonly name: string; readonly weight: number; readonly note: string }[]): void {
    const now = performance.now();
    const total = parts.reduce((sum, part) => sum + part.weight, 0);
    for (const part of parts) this.list.push({ name: part.name, ms: total > 0 ? ((now - this.last) * part.weight) / total : 0, note: part.note });
    this.last = now;
  }

  get phases(): readonly Phase[] {
    return this.list;
  }

  /** Wall time so far (the sum of the phases). */
  get totalMs(): number {
    return this.last;
  }
}

/** Peak resident memory of the process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The phases as text lines for stderr. */
export function phaseReport(clock: PhaseClock, extra: readonly string[] = []): string {
  const lines = clock.phases.map((phase) => `  ${phase.name.padEnd(8)} ${phase.ms.toFixed(1).padStart(9)} ms${phase.note === "" ? "" : `  ${phase.note}`}`);
  lines.push(`  ${"total".padEnd(8)} ${clock.totalMs.toFixed(1).padStart(9)} ms  wall time since the process started; peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  return [...extra, ...lines].join("\n") + "\n";
}

/** The phases as JSON (for `--stats --json`). */
export function phaseJson(clock: PhaseClock): object {
  return {
    phases: clock.phases.map((phase) => ({ name: phase.name, ms: Math.round(phase.ms * 10) / 10 })),
    totalMs: Math.round(clock.totalMs * 10) / 10,
    peakRssMiB: Math.round(peakRssMiB()),
  };
}
