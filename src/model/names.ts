/**
 * Attribute names. HTCondor compares them with `strcasecmp` in the C locale: ASCII letters fold,
 * every other byte stands for itself. Ads, scopes, function tables and every index keyed by a
 * name use {@link foldName} for the key, so two spellings meet exactly where HTCondor's do.
 */
import { asciiLower, compareBytesCaseless } from "./bytes.js";

/** The key a name is stored and looked up under (ASCII lower case). */
export function foldName(name: string): string {
  return asciiLower(name);
}

/** Two names in `strcasecmp` order. */
export function compareNames(a: string, b: string): number {
  return compareBytesCaseless(a, b);
}

/** HTCondor's ad storage order: by name length, then case-insensitively. */
export function compareStorageOrder(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return compareBytesCaseless(a, b);
}
