/**
 * Plain JS stand-ins for ClassAd values, as `toJSValue` and `ClassAd.toJS` give them and
 * `fromJSValue` and `ClassAd.fromJS` take them (the mapping is documented on `toJSValue`).
 */
import type { EvaluateOptions } from "./evaluation.js";

/** The JS stand-in for ClassAd's ERROR value. */
export const CLASSAD_ERROR: { readonly classadError: true } = Object.freeze({ classadError: true as const });

/** An absolute time: seconds since the epoch and the UTC offset (seconds east) it is shown in. */
export class AbsTime {
  constructor(
    readonly secs: number,
    readonly offset: number = 0,
  ) {}
  toDate(): Date {
    return new Date(this.secs * 1000);
  }
}

/** A relative time in seconds. */
export class RelTime {
  constructor(readonly secs: number) {}
}

export type JSValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | AbsTime
  | RelTime
  | typeof CLASSAD_ERROR
  | JSValue[]
  | { [name: string]: JSValue };

/** Options of `toJSValue` and `ClassAd.toJS`: the evaluation options the attributes are evaluated with. */
export type ToJSOptions = EvaluateOptions;
