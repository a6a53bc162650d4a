/**
 * Input format detection, exactly as `condor_status -ads:auto` does it (`Parse_auto` in HTCondor's
 * `compat_classad.cpp`). Blank lines and lines whose first non-blank character is `#` are skipped;
 * the first other line, trimmed, decides:
 * - `<?xml version="1.0"?>` (nothing else on the line) is XML;
 * - `[` or `{` alone: the very next character decides, `{` then `[` a list of new-format ads,
 *   `[` then `{` a JSON array; anything else (even white space) means the long form;
 * - a line `{...}` that parses as a JSON ad starts JSON lines; a line `[...]` that parses as a
 *   new-format ad starts one ad per line;
 * - anything else, including those two when the line does not parse, is the old long form.
 */
import { parseExpressionPrefix } from "../parser/index.js";
import { parseJsonAd } from "./json-reader.js";
import type { AdFormat } from "./reader-types.js";

export interface Detection {
  readonly format: AdFormat;
  /** False when the text seen so far is too short to be sure (more input may change the answer). */
  readonly certain: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** HTCondor's `trim`: white space off both ends. */
function trimmed(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isSpace(line.charCodeAt(start))) start++;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}

/** Whether `line` parses as one ad of the given syntax (HTCondor parses the line alone). */
function parsesAsAd(line: string, json: boolean): boolean {
  try {
    if (json) {
      parseJsonAd(line);
      return true;
    }
    return parseExpressionPrefix(line).kind === "record";
  } catch {
    return false;
  }
}

export function detectFormat(text: string, complete = true): Detection {
  let at = 0;
  for (;;) {
    if (at >= text.length) return { format: "long", certain: complete };
    const newline = text.indexOf("\n", at);
    if (newline < 0 && !complete) return { format: "long", certain: false };
    const end = newline < 0 ? text.length : newline;
    const line = trimmed(text.slice(at, end));
    const next = newline < 0 ? text.length : newline + 1;
    if (line === "" || line.startsWith("#")) {
      at = next;
      continue;
    }
    if (line === '<?xml version="1.0"?>') return { format: "xml", certain: true };
    if (line === "[" || line === "{") {
      if (next >= text.length) return { format: "long", certain: complete };
      const following = text[next];
      if (line === "{" && following === "[") return { format: "new", certain: true };
      if (line === "[" && following === "{") return { format: "json", certain: true };
      return { format: "long", certain: true };
    }
    if (line.length > 2 && line.startsWith("{") && line.endsWith("}") && parsesAsAd(line, true)) {
      return { format: "json", certain: true };
    }
    if (line.length > 2 && line.startsWith("[") && line.endsWith("]") && parsesAsAd(line, false)) {
      return { format: "new", certain: true };
    }
    return { format: "long", certain: true };
  }
}
