/**
 * Tokenizers of HTCondor's string lists ("a, b, c").
 */
import { isCSpace } from "../model/c-types.js";

/**
 * HTCondor's `StringTokenIterator` with trimming: runs of delimiters and white space separate
 * tokens; tokens are trimmed of white space and never empty.
 */
export function stringListTokens(text: string, delims: string): string[] {
  const tokens: string[] = [];
  const end = nulEnd(text);
  let i = 0;
  for (;;) {
    while (i < end && (delims.includes(text[i] ?? "") || isCSpace(text.charCodeAt(i)))) i++;
    const start = i;
    let last = i;
    while (i < end && !delims.includes(text[i] ?? "")) {
      if (!isCSpace(text.charCodeAt(i))) last = i;
      i++;
    }
    if (i <= start) return tokens;
    tokens.push(text.slice(start, last + 1));
  }
}

/**
 * `split_string_list` of fnCall.cpp (stringListsIntersect): split at any delimiter char, drop
 * empty tokens, no trimming. An empty delimiter set means `" ,"`.
 */
export function splitAtDelimiters(text: string, delims: string): string[] {
  const separators = delims.length > 0 ? delims : " ,";
  const tokens: string[] = [];
  let current = "";
  const end = nulEnd(text);
  for (let i = 0; i < end; i++) {
    const c = text[i] ?? "";
    if (separators.includes(c)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/** C strings end at the first NUL. */
function nulEnd(text: string): number {
  const nul = text.indexOf("\u0000");
  return nul < 0 ? text.length : nul;
}
