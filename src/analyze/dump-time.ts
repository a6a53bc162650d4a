/**
 * The time a pool dump was taken, read from the slots themselves, so that a dump is evaluated as
 * of when it was printed (policies such as `CurrentTime < GLIDEIN_ToRetire` keep their answers).
 */
import type { ClassAd } from "../classad/classad.js";

/** The attribute's value when the ad writes it as a number, else null (nothing is evaluated). */
function writtenSeconds(ad: ClassAd, name: string): number | null {
  const expr = ad.lookup(name);
  if (expr === undefined || expr.kind !== "literal") return null;
  const value = expr.value;
  if (value.kind === "int") return Number(value.v);
  if (value.kind === "real" && Number.isFinite(value.v)) return Math.floor(value.v);
  return null;
}

function latest(slots: readonly ClassAd[], name: string): number | undefined {
  let found: number | undefined;
  for (const slot of slots) {
    const seconds = writtenSeconds(slot, name);
    if (seconds !== null && (found === undefined || seconds > found)) found = seconds;
  }
  return found;
}

/**
 * When a dump of `slots` was taken, in seconds since the epoch: the latest `MyCurrentTime` (the
 * collector's clock when it printed each ad), else the latest `LastHeardFrom`; undefined when no
 * slot has either.
 */
export function dumpTime(slots: readonly ClassAd[]): number | undefined {
  return latest(slots, "MyCurrentTime") ?? latest(slots, "LastHeardFrom");
}
