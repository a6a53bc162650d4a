/**
 * The time a saved dump of slot ads was taken. Slot policies read the clock (`CurrentTime`,
 * `time()`: a glidein's `CurrentTime < GLIDEIN_ToRetire`, a draining deadline), so a dump judged
 * at today's date gives answers the pool never gave; judged at its own time, it gives the
 * answers the negotiator gave then.
 */
import type { ClassAd } from "../classad/classad.js";
import { intAsNumber } from "../model/value.js";

/**
 * When the slots were written: the latest `MyCurrentTime` (the time the startd wrote the ad), or
 * when no slot has one, the latest `LastHeardFrom` (the time the collector last heard from it),
 * in seconds since the epoch; undefined when no slot carries either. Only numbers as written
 * count: nothing is evaluated (the answer must not depend on a clock).
 */
export function dumpTime(slots: Iterable<ClassAd>): number | undefined {
  let myCurrentTime: number | undefined;
  let lastHeardFrom: number | undefined;
  for (const slot of slots) {
    myCurrentTime = later(myCurrentTime, writtenSeconds(slot, "MyCurrentTime"));
    lastHeardFrom = later(lastHeardFrom, writtenSeconds(slot, "LastHeardFrom"));
  }
  return myCurrentTime ?? lastHeardFrom;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a >= b ? a : b;
}

/** The attribute's value when the ad writes it as a number (a real is floored); nothing is evaluated. */
function writtenSeconds(ad: ClassAd, name: string): number | undefined {
  const expr = ad.lookup(name);
  if (expr?.kind !== "literal") return undefined;
  const value = expr.value;
  const seconds = value.kind === "int" ? intAsNumber(value) : value.kind === "real" ? Math.floor(value.v) : NaN;
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}
