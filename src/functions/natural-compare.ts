/**
 * HTCondor's `natural_cmp` (strverscmp-like version ordering) on byte strings. Returns the raw
 * byte difference or digit-run length difference, as HTCondor's `versioncmp` exposes it.
 */

/** The byte at `i` as C's signed `char` (0 past the end, like the NUL terminator). */
function at(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i) & 0xff;
  return c >= 128 ? c - 256 : c;
}

function digitAt(text: string, i: number): boolean {
  const c = at(text, i);
  return c >= 48 && c <= 57;
}

export function naturalCompare(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (at(a, i) === at(b, i)) return 0;
  const ca = at(a, i);
  const cb = at(b, i);
  // Start of the digit run the first difference belongs to (same offset in both strings).
  let numberStart = i;
  while (numberStart > 0 && digitAt(a, numberStart - 1)) numberStart--;
  if (numberStart === i && (!digitAt(a, i) || !digitAt(b, i))) return ca - cb;

  let zerosEndA = numberStart;
  while (at(a, zerosEndA) === 48) zerosEndA++;
  let zerosEndB = numberStart;
  while (at(b, zerosEndB) === 48) zerosEndB++;
  // A lone final zero is the number 0, not a leading zero.
  if (zerosEndA > numberStart && !digitAt(a, zerosEndA)) zerosEndA--;
  if (zerosEndB > numberStart && !digitAt(b, zerosEndB)) zerosEndB--;
  const zerosA = zerosEndA - numberStart;
  const zerosB = zerosEndB - numberStart;
  if (zerosA !== zerosB) return zerosB - zerosA;
  if (zerosA > 0) return ca - cb;

  let endA = zerosEndA;
  while (digitAt(a, endA)) endA++;
  let endB = zerosEndB;
  while (digitAt(b, endB)) endB++;
  const lengthA = endA - numberStart;
  const lengthB = endB - numberStart;
  if (lengthA !== lengthB) return lengthA - lengthB;
  return ca - cb;
}
