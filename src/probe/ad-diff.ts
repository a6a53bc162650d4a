/**
 * What changed between two probed ads, attribute by attribute, compared as `condor_status -long`
 * prints them (browser-safe).
 */
import type { ClassAd } from "../classad/classad.js";
import { unparse } from "../ast/print.js";
import { foldName } from "../model/names.js";

export interface AttributeChange {
  readonly name: string;
  /** ClassAd text before, or null when the attribute was not advertised. */
  readonly before: string | null;
  /** ClassAd text after, or null when it is no longer advertised. */
  readonly after: string | null;
}

function snapshot(ad: ClassAd): Map<string, { name: string; text: string }> {
  const out = new Map<string, { name: string; text: string }>();
  for (const [name, expr] of ad.entries()) out.set(foldName(name), { name, text: unparse(expr, { syntax: "old" }) });
  return out;
}

/** The attributes that differ between two ads, in the newer ad's order, then removed ones. */
export function diffAds(before: ClassAd | null, after: ClassAd): AttributeChange[] {
  const old = before ? snapshot(before) : new Map<string, { name: string; text: string }>();
  const now = snapshot(after);
  const changes: AttributeChange[] = [];
  for (const [key, cur] of now) {
    const prev = old.get(key);
    if (!prev || prev.text !== cur.text) changes.push({ name: cur.name, before: prev?.text ?? null, after: cur.text });
  }
  for (const [key, prev] of old) if (!now.has(key)) changes.push({ name: prev.name, before: prev.text, after: null });
  return changes;
}
