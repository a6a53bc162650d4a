/**
 * Calendar arithmetic on epoch seconds without `Date` (so any year works): broken-down UTC time
 * (C's `gmtime`) and days since the epoch of a proleptic Gregorian date.
 */

/** Two digits, zero padded (C's `%02d` for 0-99). */
export function pad2(n: number): string {
  return n < 10 && n >= 0 ? "0" + n : String(n);
}

/** Broken-down UTC time (`gmtime`) of any integral epoch second count (a bigint beyond 2^53). */
export interface BrokenDownTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday */
  readonly weekday: number;
  /** 0-based day of the year */
  readonly yearDay: number;
}

export function brokenDownUtc(epochSecs: number | bigint): BrokenDownTime {
  let days: number;
  let secOfDay: number;
  if (typeof epochSecs === "bigint") {
    // Beyond 2^53 seconds: split exactly (the day count itself stays a safe integer).
    const bigDays = epochSecs / 86400n - (epochSecs % 86400n < 0n ? 1n : 0n);
    days = Number(bigDays);
    secOfDay = Number(epochSecs - bigDays * 86400n);
  } else {
    const secs = Math.floor(epochSecs);
    days = Math.floor(secs / 86400);
    secOfDay = secs - days * 86400;
  }
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor(secOfDay / 60) % 60,
    second: secOfDay % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1),
  };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
