/**
 * The time `match` and `analyze` evaluate at. `--now EPOCH` wins; `--now now` is the clock;
 * without `--now`, slots that carry their time (a saved dump) are judged at the dump's time, so
 * policies such as `CurrentTime < GLIDEIN_ToRetire` answer as they did when it was taken.
 */
import type { ClassAd } from "../../classad/classad.js";
import { dumpTime } from "../../analyze/dump-time.js";
import type { NowChoice } from "../args.js";

export interface EvaluationTime {
  readonly seconds: number;
  /** `option`: `--now EPOCH`; `clock`: the current time; `dump`: the slots' own time. */
  readonly source: "option" | "clock" | "dump";
}

/** The time to evaluate at; `slots` null for a live pool (condor_status), which uses the clock. */
export function evaluationTime(choice: NowChoice, slots: Iterable<ClassAd> | null): EvaluationTime {
  if (choice.kind === "given") return { seconds: choice.seconds, source: "option" };
  if (choice.kind === "default" && slots !== null) {
    const seconds = dumpTime(slots);
    if (seconds !== undefined) return { seconds, source: "dump" };
  }
  return { seconds: Math.floor(Date.now() / 1000), source: "clock" };
}

/** The stderr line that says a dump is judged at its own time (null when it is not). */
export function dumpTimeNotice(command: string, time: EvaluationTime): string | null {
  if (time.source !== "dump") return null;
  const when = new Date(time.seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `classad ${command}: evaluating at the dump's time, ${when} (--now ${time.seconds}); --now now evaluates at the current time\n`;
}
