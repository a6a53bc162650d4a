/**
 * Byte strings. HTCondor's ClassAd library works on bytes, not characters: `size("é")` is 2 and
 * the unparser prints that string as `"\303\251"`. Inside this library every string (source text,
 * string values, attribute names) is a *byte string*: a JS string whose characters are all in
 * 0-255, one per byte of the UTF-8 text. Files are read with the `latin1` encoding, which gives
 * exactly that; the public API converts at its edges with these two functions.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** True when every char is ASCII (then the string is the same as text and as bytes). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** UTF-8 encode an ordinary JS string into a byte string. ASCII text is returned unchanged. */
export function toByteString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return byteStringOfBytes(new TextEncoder().encode(text));
}

/** The byte string of raw bytes, one char per byte, whatever they hold (what `latin1` decoding gives). */
export function byteStringOfBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x2000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return out;
}

/** Decode a byte string holding UTF-8 back into an ordinary JS string (invalid bytes become U+FFFD). */
export function fromByteString(bytes: string): string {
  if (!NON_ASCII.test(bytes)) return bytes;
  const buffer = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) buffer[i] = bytes.charCodeAt(i) & 0xff;
  return new TextDecoder("utf-8").decode(buffer);
}

/**
 * The byte string a caller's text stands for, where an API accepts both kinds of string (the ad
 * readers): a string whose characters are all bytes (0-255) that together form valid UTF-8 is
 * taken as a byte string already (what `readFileSync(f, "latin1")` gives) and kept; any other
 * string is ordinary text (what `readFileSync(f, "utf8")` gives, where "José" holds U+00E9, a
 * lone byte that is not UTF-8) and is UTF-8 encoded. ASCII text is the same either way.
 */
export function byteStringOf(text: string): string {
  return NON_ASCII.test(text) && !isUtf8ByteString(text) ? toByteString(text) : text;
}

/** True when every char is a byte and the bytes are well-formed UTF-8 (no overlong forms, no surrogates). */
function isUtf8ByteString(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; ) {
    const lead = text.charCodeAt(i);
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
    else return false;
    if (i + length > n) return false;
    let code = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = text.charCodeAt(i + k);
      if ((next & 0xc0) !== 0x80 || next > 0xff) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

/** C's `strcmp` on byte strings: -1, 0 or 1. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * C's `strcasecmp` in the C locale on byte strings: only ASCII letters fold. Negative, zero or
 * positive, as C leaves the magnitude open.
 */
export function compareBytesCaseless(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 65 && x <= 90) x += 32;
      if (y >= 65 && y <= 90) y += 32;
      if (x !== y) return x - y;
    }
  }
  return a.length - b.length;
}

/** ASCII lower case of a byte string (C's `tolower` in the C locale: bytes >= 0x80 unchanged). */
export function asciiLower(text: string): string {
  return NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text.toLowerCase();
}

/** ASCII upper case of a byte string (C's `toupper` in the C locale). */
export function asciiUpper(text: string): string {
  return NON_ASCII.test(text) ? text.replace(/[a-z]+/g, (s) => s.toUpperCase()) : text.toUpperCase();
}
