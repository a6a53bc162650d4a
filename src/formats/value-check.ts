/**
 * The cheap check an attribute's text gets when it is stored without being parsed.
 *
 * Parsing every attribute of a pool dump up front is what makes loading slow, so readers store
 * the text and parse it on first use. To keep faults from hiding until then, each distinct text
 * is scanned once at load time (one pass, no allocation):
 * - NUL bytes are reported at once (`binary-data`); other control bytes are text to HTCondor
 *   (inside strings and names) and go to the parser;
 * - text that is certainly well formed in shape (quotes closed, brackets balanced, no operator
 *   left dangling, plain ASCII outside strings) stays unparsed;
 * - anything else is parsed immediately, so its syntax error (if any) is reported at load time.
 * What the scan cannot see (e.g. `a b c` inside balanced brackets) is reported when the attribute
 * is first parsed, through the same fault channel.
 */
import type { SourceSyntax } from "../model/classad.js";

export type ValueCheck =
  | { readonly kind: "ok" }
  | { readonly kind: "parse-now" }
  | { readonly kind: "binary"; readonly offset: number };

const OK: ValueCheck = { kind: "ok" };
const PARSE_NOW: ValueCheck = { kind: "parse-now" };

const DANGLING = new Uint8Array(128);
for (const ch of "+-*/%&|^!<>=?:,~") DANGLING[ch.charCodeAt(0)] = 1;

/** A lone string literal (a backslash pair never ends it) or a plain number: nothing to doubt. */
const SIMPLE_VALUE = /^(?:"(?:[^"\\\x00-\x1f]|\\[^\x00-\x1f])*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|undefined)[ \t\r]*$/;

/** Longest text tried with {@link SIMPLE_VALUE} (a megabyte string overflows V8's regex stack). */
const SIMPLE_VALUE_MAX_LENGTH = 4096;

/**
 * Scans attribute text written in `syntax`. In `old` syntax (HTCondor's old string rules) a
 * backslash only escapes a quote that is not the last character of the line.
 */
export function checkValueText(text: string, syntax: SourceSyntax): ValueCheck {
  // Native regular expressions first: most values are plain strings and numbers. V8's engine
  // recurses per character on the string alternative, so long texts go to the scan alone.
  if (text.length <= SIMPLE_VALUE_MAX_LENGTH && SIMPLE_VALUE.test(text)) return OK;
  return scanValue(text, syntax === "old");
}

function scanValue(text: string, oldStrings: boolean): ValueCheck {
  const length = text.length;
  let depth = 0;
  let last = 0;
  let doubtful = false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = closingQuote(text, i, c, oldStrings && c === 34);
      if (close < 0) return scanRestForBinary(text, i) ?? PARSE_NOW;
      const binary = findControl(text, i + 1, close);
      if (binary >= 0) return { kind: "binary", offset: binary };
      i = close;
      last = 97;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 0) return { kind: "binary", offset: i };
    // Other control bytes: HTCondor's parser decides (it ignores them after a whole expression).
    if (c < 32 || c === 127) {
      doubtful = true;
      continue;
    }
    if (c > 127) {
      doubtful = true;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0 || DANGLING[last] === 1 || last === 44) doubtful = true;
      depth--;
    }
    last = c;
  }
  if (depth !== 0 || DANGLING[last] === 1 || last === 0 || doubtful) return PARSE_NOW;
  return OK;
}

function closingQuote(text: string, open: number, quote: number, oldRules: boolean): number {
  const length = text.length;
  for (let j = open + 1; j < length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) {
      if (oldRules) {
        // Old rules: `\"` is a quote only when more text follows it on the line.
        if (text.charCodeAt(j + 1) === 34 && j + 2 < length) j++;
      } else {
        j++;
      }
      continue;
    }
    if (c === quote) return j;
  }
  return -1;
}

/** A NUL byte (the one byte HTCondor's line reader cannot carry); other control bytes are text. */
function findControl(text: string, from: number, to: number): number {
  const at = text.indexOf("\0", from);
  return at >= 0 && at < to ? at : -1;
}

function scanRestForBinary(text: string, from: number): ValueCheck | null {
  const at = findControl(text, from, text.length);
  return at >= 0 && text.charCodeAt(at) !== 13 ? { kind: "binary", offset: at } : null;
}
