/**
 * Reading ads from text: format detection, framing, per-format parsing, faults and counts.
 * Browser-safe; the Node readers of files and streams (stream.ts) drive the same engine.
 *
 * - {@link parseAds}: every ad of a byte string, synchronously, with faults and a summary.
 * - {@link AdReadEngine}: the reading machine itself: push blocks of text, take the ads read.
 *
 * Each ad's `origin` gives its 0-based index among the ads of the source (dropped ads count) and
 * the line it starts on.
 */
import type { ClassAd } from "../classad/classad.js";
import type { LazyParseFault } from "./lazy-attrs.js";
import { byteStringOf, byteStringOfBytes } from "../model/bytes.js";
import { parseRecord } from "../parser/index.js";
import { ClassAd as ClassAdClass } from "../classad/classad.js";
import { detectFormat } from "./detect.js";
import { AdFormatError, makeFault, type AdFault, type AdFaultCode } from "./faults.js";
import { createFramer, type AdText, type Framer } from "./framing.js";
import { parseJsonAd } from "./json-reader.js";
import { LongFormatReader, describeParseError } from "./long-reader.js";
import type { AdFormat, AdSink, ReaderOptions, TextBlock } from "./reader-types.js";
import { parseXmlAd } from "./xml-reader.js";

export type { AdFormat, ReaderOptions } from "./reader-types.js";

/** Counts of what a read found. Live: lazy parse faults found later still add to `faults`. */
export interface ReadSummary {
  format: AdFormat | null;
  /** Ads delivered. */
  ads: number;
  /** Ads left out because of an error (reported as faults). */
  adsDropped: number;
  /** Attribute entries read in the delivered ads (a repeated attribute counts each time). */
  attributes: number;
  /** Error-severity faults. */
  faults: number;
  /** Warning-severity faults (e.g. a repeated attribute). */
  warnings: number;
}

/**
 * At most this many faults are kept in a read's `faults` (docs/security.md); all are counted in
 * the summary and passed to `onFault`, so a dump made of garbage cannot grow memory through them.
 */
export const MAX_FAULTS_KEPT = 10_000;

/**
 * Records a fault of a read: counted in the summary, kept up to {@link MAX_FAULTS_KEPT}, passed to
 * `onFault`; in strict mode an error fault ends the read (throws `AdFormatError`).
 */
export function recordFault(
  fault: AdFault,
  faults: AdFault[],
  summary: ReadSummary,
  options: Pick<ReaderOptions, "onFault" | "strict">,
): void {
  if (fault.severity === "warning") summary.warnings++;
  else summary.faults++;
  if (faults.length < MAX_FAULTS_KEPT) faults.push(fault);
  options.onFault?.(fault);
  if (options.strict === true && fault.severity === "error") throw new AdFormatError(fault);
}

/**
 * The reading machine shared by the sync and async APIs: push text blocks, collect ads. After a
 * strict-mode fault, `failure` holds the error, thrown once the ads read before it are taken.
 */
export class AdReadEngine implements AdSink {
  readonly summary: ReadSummary = { format: null, ads: 0, adsDropped: 0, attributes: 0, faults: 0, warnings: 0 };
  readonly faults: AdFault[] = [];
  private pending: ClassAd[] = [];
  private long: LongFormatReader | null = null;
  private framer: Framer | null = null;
  private framedCount = 0;
  private head = "";
  private headCopy: ((start: number, end: number) => string) | undefined = undefined;

  constructor(private readonly options: ReaderOptions) {
    if (options.format !== undefined && options.format !== "auto") this.start(options.format);
  }

  ad(ad: ClassAd, attributes: number): void {
    this.summary.ads++;
    this.summary.attributes += attributes;
    this.pending.push(ad);
  }

  dropped(): void {
    this.summary.adsDropped++;
  }

  fault(fault: AdFault): void {
    recordFault(fault, this.faults, this.summary, this.options);
  }

  /** Faults of lazily stored attributes, found when first parsed. */
  readonly lazyFault = (lazy: LazyParseFault): void => {
    this.fault(makeFault("bad-expression", `attribute ${lazy.attribute}: ${lazy.message}`, lazy.adIndex, lazy.line, lazy.column, lazy.attribute));
  };

  /** Strict mode's first fault: thrown once the ads read before it have been delivered. */
  failure: AdFormatError | null = null;

  push(block: TextBlock): ClassAd[] {
    if (this.failure !== null) throw this.failure;
    try {
      this.pushUnguarded(block);
    } catch (err) {
      if (!(err instanceof AdFormatError)) throw err;
      this.failure = err;
    }
    return this.take();
  }

  end(): ClassAd[] {
    if (this.failure !== null) throw this.failure;
    try {
      this.endUnguarded();
    } catch (err) {
      if (!(err instanceof AdFormatError)) throw err;
      this.failure = err;
    }
    return this.take();
  }

  private pushUnguarded(block: TextBlock): void {
    if (this.summary.format === null) {
      this.head += block.text;
      this.headCopy = this.headCopy === undefined && this.head === block.text ? block.copy : undefined;
      const detection = detectFormat(this.head, false);
      if (!detection.certain && this.head.length < 1 << 16) return;
      this.start(detection.format);
      const text = this.head;
      const copy = this.headCopy;
      this.head = "";
      this.headCopy = undefined;
      this.feed(text, copy);
    } else {
      this.feed(block.text, block.copy);
    }
  }

  private endUnguarded(): void {
    if (this.summary.format === null) {
      this.start(detectFormat(this.head, true).format);
      const text = this.head;
      this.head = "";
      this.feed(text);
    }
    if (this.long) this.long.end();
    if (this.framer) this.framed(this.framer.end());
  }

  private take(): ClassAd[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private start(format: AdFormat): void {
    this.summary.format = format;
    if (format === "long") this.long = new LongFormatReader(this.options, this, this.lazyFault);
    else this.framer = createFramer(format);
  }

  private feed(text: string, copy?: (start: number, end: number) => string): void {
    if (this.long) {
      this.long.push(text, copy);
      return;
    }
    const framer = this.framer!;
    const ads = framer.feed(text, (stray) => {
      this.fault(
        makeFault(this.strayCode(), `unexpected text outside an ad: ${JSON.stringify(stray.sample)}`, this.framedCount, stray.line, stray.column),
      );
    });
    this.framed(ads);
  }

  private framed(ads: readonly AdText[]): void {
    for (const adText of ads) {
      if (adText.broken === undefined) this.parseFramed(adText);
      else this.broken(adText, adText.broken, adText.unterminated === true ? "truncated-ad" : this.strayCode());
    }
  }

  private strayCode(): AdFaultCode {
    const format = this.summary.format;
    return format === "json" ? "bad-json" : format === "xml" ? "bad-xml" : "bad-record";
  }

  /** An ad the framer could not delimit: a fault at its start, and it is left out. */
  private broken(adText: AdText, reason: string, code: AdFaultCode): void {
    const index = this.framedCount++;
    this.fault(makeFault(code, reason, index, adText.line, adText.column));
    this.summary.adsDropped++;
  }

  private parseFramed(adText: AdText): void {
    const index = this.framedCount++;
    let ad: ClassAd;
    try {
      ad = this.parseOne(adText.text);
    } catch (err) {
      if (err instanceof AdFormatError) throw err;
      const { message, offset } = describeParseError(err);
      const { line, column } = position(adText, offset);
      this.fault(makeFault(this.strayCode(), message, index, line, column));
      this.summary.adsDropped++;
      return;
    }
    ad.origin = { index, line: adText.line };
    this.ad(ad, ad.size);
  }

  private parseOne(text: string): ClassAd {
    switch (this.summary.format) {
      case "json":
        return parseJsonAd(text);
      case "xml":
        return parseXmlAd(text);
      default:
        return ClassAdClass.fromRecord(parseRecord(text));
    }
  }
}

/** Line and column of an offset inside a framed ad. */
function position(adText: AdText, offset: number): { line: number; column: number } {
  const before = adText.text.slice(0, Math.max(0, offset));
  const lastNl = before.lastIndexOf("\n");
  let lines = 0;
  for (let i = before.indexOf("\n"); i >= 0; i = before.indexOf("\n", i + 1)) lines++;
  if (lastNl < 0) return { line: adText.line, column: adText.column + before.length };
  return { line: adText.line + lines, column: before.length - lastNl };
}

/** Every ad of an input, with the faults seen and the counts. */
export interface LoadedAds {
  readonly ads: ClassAd[];
  readonly faults: readonly AdFault[];
  readonly summary: ReadSummary;
  /**
   * Parses every attribute not parsed yet, so that any syntax error hidden in lazily stored text
   * is reported now (into `faults`, and counted in `summary`). Returns the faults found by this
   * call that were kept (a read keeps at most {@link MAX_FAULTS_KEPT}).
   */
  validate(): AdFault[];
}

/**
 * Every ad of a string or of raw bytes, read synchronously. A string is text as
 * `readFileSync(f, "utf8")` gives it, or a byte string (one JS char per byte,
 * `readFileSync(f, "latin1")`); which one is decided by `byteStringOf` (a string of bytes that
 * form valid UTF-8 is a byte string). Bytes (`readFileSync(f)`, a `Uint8Array`) are read exactly
 * as they are, as HTCondor reads a file, whether they are UTF-8 or not (no gzip here: see
 * `readAds`). Throws only `AdFormatError`, and only in strict mode.
 */
export function parseAds(text: string | Uint8Array, options: ReaderOptions = {}): LoadedAds {
  const engine = new AdReadEngine(options);
  const ads = engine.push({ text: typeof text === "string" ? byteStringOf(text) : byteStringOfBytes(text) });
  if (engine.failure !== null) throw engine.failure;
  ads.push(...engine.end());
  if (engine.failure !== null) throw engine.failure;
  return loaded(ads, engine.faults, engine.summary);
}

/** The result of a read: the ads, with `validate()` to parse what is still stored as text. */
export function loaded(ads: ClassAd[], faults: AdFault[], summary: ReadSummary): LoadedAds {
  return {
    ads,
    faults,
    summary,
    validate() {
      const before = faults.length;
      for (const ad of ads) for (const _ of ad.entries()) void _;
      return faults.slice(before);
    },
  };
}
