/**
 * Which attributes the tools print, and in what order.
 *
 * - Top level: HTCondor's tools collect the names into a case-insensitive sorted set (lower-case
 *   byte order, so `_` sorts before letters), without the private attributes, chained-parent
 *   attributes included.
 * - Nested ads print in the ad's storage order: by name length, then case-insensitively.
 */
import type { Expr, RecordAttr } from "../model/nodes.js";
import { compareNames, compareStorageOrder, foldName } from "../model/names.js";
import type { ClassAd } from "../classad/classad.js";

const PRIVATE_NAMES = new Set(["capability", "childclaimids", "claimid", "claimidlist", "claimids", "transferkey"]);

/** True for the attributes HTCondor's tools never print (ClaimId, Capability, `_condor_priv*`, ...). */
export function isPrivateAttr(name: string): boolean {
  const lower = foldName(name);
  return PRIVATE_NAMES.has(lower) || lower.startsWith("_condor_priv");
}

/** `[name, expr]` of an ad as the tools print it: sorted case-insensitively, private ones left out. */
export function topLevelAttrs(ad: ClassAd, keepPrivate: boolean): Array<[string, Expr]> {
  const byLower = new Map<string, [string, Expr]>();
  const chain: ClassAd[] = [];
  for (let scope: ClassAd | null = ad; scope !== null && chain.length < 64; scope = scope.chainedParent) chain.push(scope);
  for (const scope of chain) {
    for (const [name, expr] of scope.entries()) {
      const lower = foldName(name);
      if (byLower.has(lower)) continue;
      if (!keepPrivate && isPrivateAttr(name)) continue;
      byLower.set(lower, [name, expr]);
    }
  }
  return [...byLower.values()].sort((a, b) => compareNames(a[0], b[0]));
}

/** A record literal's attributes as `[name, expr]` in HTCondor's storage order: by name length, then case-insensitively. */
export function nestedAttrs(attrs: readonly RecordAttr[]): Array<readonly [string, Expr]> {
  return [...attrs].sort((a, b) => compareStorageOrder(a.name, b.name)).map((attr) => [attr.name, attr.expr] as const);
}

/** A nested ad value's attributes as `[name, expr]` in storage order (as {@link nestedAttrs}). */
export function nestedAdAttrs(ad: ClassAd): Array<readonly [string, Expr]> {
  const attrs: RecordAttr[] = [];
  for (const [name, expr] of ad.entries()) attrs.push({ name, expr });
  return nestedAttrs(attrs);
}
