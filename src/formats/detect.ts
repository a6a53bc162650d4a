/**
 * Input format detection, as `condor_status -ads:auto` does it (`Parse_auto`): the first
 * meaningful line decides. `<` (an `<?xml` header or `<classads>`) is XML; `{` followed by `[` is a
 * list of new-format ads and `{` followed by `"` or `}` a JSON object (one per line, or one ad);
 * `[` followed by `{` or `]` is a JSON array and any other `[` a new-format ad (one per line, or
 * one ad); anything else is the old long form. One deviation: an input that is only `{ }` is the
 * empty new-format list (what `-long:new` prints for no ads), not one empty JSON ad.
 */
import type { AdFormat } from "./reader-types.js";

export interface Detection {
  readonly format: AdFormat;
  /** False when the text seen so far is too short to be sure (more input may change the answer). */
  readonly certain: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Index of the first non-space character at or after `from`, skipping `#` comment lines at line starts. */
function firstMeaningful(text: string, from: number, skipComments: boolean): number {
  let i = from;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (skipComments && text.charCodeAt(i) === 0x23) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) return text.length;
      i = nl + 1;
      continue;
    }
    return i;
  }
}

export function detectFormat(text: string, complete = true): Detection {
  let start = text.charCodeAt(0) === 0xef && text.startsWith("\xef\xbb\xbf") ? 3 : 0;
  start = firstMeaningful(text, start, true);
  if (start >= text.length) return { format: "long", certain: complete };
  const c = text.charCodeAt(start);
  if (c === 0x3c) return { format: "xml", certain: true };
  if (c === 0x7b || c === 0x5b) {
    const next = firstMeaningful(text, start + 1, false);
    if (next >= text.length) return { format: c === 0x7b ? "json" : "new", certain: complete };
    const d = text.charCodeAt(next);
    if (c === 0x7b && d === 0x7d && firstMeaningful(text, next + 1, false) >= text.length) {
      // `{ }` and nothing else: the empty ad list `condor_status -long:new` prints for no ads
      // (Parse_auto would take it for one empty JSON ad; read so, no input round-trips).
      return { format: "new", certain: complete };
    }
    if (c === 0x7b) return { format: d === 0x5b ? "new" : "json", certain: true };
    return { format: d === 0x7b || d === 0x5d ? "json" : "new", certain: true };
  }
  return { format: "long", certain: true };
}
