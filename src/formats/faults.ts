/**
 * Faults found while reading ads: typed, positioned, never silent.
 *
 * Every reader reports a malformed attribute or ad as an {@link AdFault}. In lenient mode (the
 * default) the reader goes on with the next ad; in strict mode the first fault is thrown as an
 * {@link AdFormatError}.
 */

/** Stable fault codes (part of the public API: do not rename). */
export type AdFaultCode =
  /** An old-format line has no `=`. */
  | "missing-equals"
  /** An old-format line has nothing before its `=`. */
  | "empty-name"
  /** An attribute has nothing after its `=`. */
  | "empty-value"
  /** An attribute's expression does not parse. */
  | "bad-expression"
  /** Control or binary bytes where ClassAd text was expected. */
  | "binary-data"
  /** The same attribute appears twice in one ad; the last value is kept (as HTCondor does). */
  | "duplicate-attribute"
  /** The input ended inside an ad. */
  | "truncated-ad"
  /** A new-format ad (`[ ... ]`) or ad list does not parse. */
  | "bad-record"
  /** A JSON ad does not parse. */
  | "bad-json"
  /** An XML ad does not parse. */
  | "bad-xml"
  /** The input could not be read at all (I/O, gzip). */
  | "read-error";

export type AdFaultSeverity = "error" | "warning";

/**
 * One problem in the input. `adIndex` is the 0-based position of the ad in the source (counting
 * ads that were dropped), `line` and `column` are 1-based (0 when unknown).
 */
export interface AdFault {
  readonly code: AdFaultCode;
  readonly severity: AdFaultSeverity;
  readonly message: string;
  readonly adIndex: number;
  readonly line: number;
  readonly column: number;
  /** The attribute concerned, when there is one. */
  readonly attribute?: string;
}

/** Thrown by strict readers at the first fault. */
export class AdFormatError extends Error {
  readonly code: AdFaultCode;
  constructor(readonly fault: AdFault) {
    super(formatFault(fault));
    this.name = "AdFormatError";
    this.code = fault.code;
  }
}

/** `line 12, column 5 (ad 3, attribute Foo): error: message [code]` */
export function formatFault(fault: AdFault): string {
  const context: string[] = [];
  if (fault.adIndex >= 0) context.push(`ad ${fault.adIndex}`);
  if (fault.attribute !== undefined) context.push(`attribute ${fault.attribute}`);
  const where = fault.line > 0 ? `line ${fault.line}, column ${fault.column}` : "";
  const head = [where, context.length > 0 ? `(${context.join(", ")})` : ""].filter((part) => part !== "").join(" ");
  const kind = fault.severity === "warning" ? "warning" : "error";
  return `${head === "" ? "" : head + ": "}${kind}: ${fault.message} [${fault.code}]`;
}

export function makeFault(
  code: AdFaultCode,
  message: string,
  adIndex: number,
  line: number,
  column: number,
  attribute?: string,
  severity: AdFaultSeverity = "error",
): AdFault {
  return attribute === undefined
    ? { code, severity, message, adIndex, line, column }
    : { code, severity, message, adIndex, line, column, attribute };
}
