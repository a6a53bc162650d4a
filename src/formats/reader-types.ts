/**
 * Options and plumbing shared by the ad readers (browser-safe: types only).
 */
import type { ClassAd } from "../classad/classad.js";
import type { AdFault } from "./faults.js";

export type AdFormat = "long" | "new" | "json" | "xml";

export interface ReaderOptions {
  /** Input format; `auto` (default) detects it as `condor_status -ads:auto` does. */
  readonly format?: AdFormat | "auto";
  /** Throw an `AdFormatError` at the first error-severity fault. Implies eager validation. */
  readonly strict?: boolean;
  /**
   * `lazy` (default): attribute text is checked cheaply at load and parsed on first use (a syntax
   * error found then reads as `error` and is reported through `onFault`). `eager`: every distinct
   * attribute text is parsed at load, so every syntax error is reported before the ad is yielded.
   * Only the old (`-long`) format stores text lazily; the other readers always parse.
   */
  readonly validation?: "lazy" | "eager";
  /**
   * Keep an ad that has bad attributes, without them. Default false: the ad is dropped, as
   * HTCondor's readers drop it (the fault is reported either way).
   */
  readonly keepPartialAds?: boolean;
  /** Called for every fault, including those found later when a lazy attribute is first parsed. */
  readonly onFault?: (fault: AdFault) => void;
}

/** A block of whole lines of input (the last block of the input may end without a newline). */
export interface TextBlock {
  /** Byte string: one JS char per byte of input. */
  readonly text: string;
  /**
   * Copies `text.slice(start, end)` into a fresh flat string that does not keep the block alive
   * (absent when the text was given as a string).
   */
  readonly copy?: (start: number, end: number) => string;
}

/** Where a format reader delivers what it finds. */
export interface AdSink {
  /** A complete ad with the number of attribute entries read for it. */
  ad(ad: ClassAd, attributes: number): void;
  /** An ad left out because of a fault (already reported). */
  dropped(adIndex: number, line: number): void;
  fault(fault: AdFault): void;
}
