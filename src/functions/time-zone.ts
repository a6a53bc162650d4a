/**
 * Offsets of IANA time zones through `Intl` (no Node modules, so this runs in browsers too).
 * The evaluating host's "local time" of HTCondor becomes the context's `timeZone`.
 */

function isUtc(timeZone: string): boolean {
  const zone = timeZone.toUpperCase();
  return zone === "UTC" || zone === "ETC/UTC" || zone === "GMT" || zone === "ETC/GMT" || zone === "Z";
}

function newFormatter(timeZone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  } catch {
    return null;
  }
}

/**
 * Zone offsets with the `Intl` formatters they need, at most `limit` of them kept (making one
 * costs far more than using it). Owned by an environment; unknown zones are remembered as null.
 */
export class ZoneOffsets {
  private readonly formatters = new Map<string, Intl.DateTimeFormat | null>();

  constructor(private readonly limit = 64) {}

  /** Number of zones cached (at most the limit). */
  get cached(): number {
    return this.formatters.size;
  }

  /** True when `Intl` knows the zone. */
  isKnown(timeZone: string): boolean {
    // UTC needs no formatter: making the first Intl.DateTimeFormat loads ICU data (~20 ms at start-up).
    return isUtc(timeZone) || this.formatterFor(timeZone) !== null;
  }

  /**
   * Seconds east of UTC that `timeZone` is at the instant `epochSecs`. Unknown zones and instants
   * outside the range of JS dates count as UTC.
   */
  offset(epochSecs: number, timeZone: string): number {
    if (isUtc(timeZone)) return 0;
    const formatter = this.formatterFor(timeZone);
    const millis = Math.floor(epochSecs) * 1000;
    if (!formatter || !Number.isFinite(millis) || Math.abs(millis) > 8.64e15) return 0;
    const fields = new Map<string, string>();
    for (const part of formatter.formatToParts(new Date(millis))) fields.set(part.type, part.value);
    let year = Number(fields.get("year"));
    if (fields.get("era") === "BC" || fields.get("era") === "B") year = 1 - year;
    const wall = Date.UTC(
      2000,
      Number(fields.get("month")) - 1,
      Number(fields.get("day")),
      Number(fields.get("hour")),
      Number(fields.get("minute")),
      Number(fields.get("second")),
    );
    // Date.UTC maps years 0-99 to 1900-1999, so compute with year 2000 and shift by whole years.
    const shifted = new Date(wall);
    shifted.setUTCFullYear(year);
    const offset = Math.round((shifted.getTime() - millis) / 1000);
    return Number.isFinite(offset) ? offset : 0;
  }

  private formatterFor(timeZone: string): Intl.DateTimeFormat | null {
    let formatter = this.formatters.get(timeZone);
    if (formatter === undefined) {
      formatter = newFormatter(timeZone);
      if (this.formatters.size >= this.limit) this.formatters.clear();
      this.formatters.set(timeZone, formatter);
    }
    return formatter;
  }
}
