/**
 * Writing ads as HTCondor's tools print them, byte for byte. This file is the driver shared by the
 * four formats: it picks and orders the attributes (top-level ones sorted case-insensitively,
 * private ones left out unless `keepPrivate`) and places the text between and around ads; each
 * format prints one ad in its own file:
 * - `long` (long-writer.ts): `condor_status -long`;
 * - `new` (new-writer.ts): `-long:new`;
 * - `json` (json-writer.ts): `-json`;
 * - `xml` (xml-writer.ts): `-xml`.
 */
import type { Expr } from "../model/nodes.js";
import { fromByteString } from "../model/bytes.js";
import type { ClassAd } from "../classad/classad.js";
import { topLevelAttrs } from "./attr-order.js";
import { JSON_LAYOUT } from "./json-writer.js";
import { LONG_LAYOUT } from "./long-writer.js";
import { NEW_LAYOUT } from "./new-writer.js";
import type { AdFormat } from "./reader-types.js";
import { XML_LAYOUT } from "./xml-writer.js";

export interface WriterOptions {
  /** Print private attributes (ClaimId, Capability, `_condor_priv*`, ...) too. */
  readonly keepPrivate?: boolean;
  /**
   * `text` (default): the output as text (the UTF-8 HTCondor prints, decoded; a byte that is not
   * UTF-8 reads as U+FFFD), for a UTF-8 file or a page. `bytes`: a byte string, one
   * char per byte, exactly the bytes HTCondor prints, to be written out as Latin-1 (one byte per char).
   */
  readonly encoding?: "text" | "bytes";
}

/** An ad's attributes as they are printed: `[name, expression]` in printing order. */
export type PrintedAttrs = ReadonlyArray<readonly [string, Expr]>;

/** How one format lays out a sequence of ads. */
export interface AdListLayout {
  /** Text printed first, even when no ad follows (XML's header). */
  readonly begin: string;
  /**
   * Text printed before the first ad only: the JSON and new-format lists open with their first
   * ad, as condor_status's do (no ads, no list).
   */
  readonly open: string;
  /** Text between two ads. */
  readonly between: string;
  /** One ad's text. */
  ad(attrs: PrintedAttrs): string;
  /** Text after the last ad, given how many ads were written. */
  end(count: number): string;
}

const LAYOUTS: ReadonlyMap<string, AdListLayout> = new Map<AdFormat, AdListLayout>([
  ["long", LONG_LAYOUT],
  ["new", NEW_LAYOUT],
  ["json", JSON_LAYOUT],
  ["xml", XML_LAYOUT],
]);

/**
 * Incremental writer: `begin()`, `ad()` per ad, `end()`; each returns the text to output.
 * @throws TypeError when `format` is not one of `long`, `new`, `json`, `xml`.
 */
export class AdWriter {
  private count = 0;
  private readonly keepPrivate: boolean;
  private readonly layout: AdListLayout;
  /** How the printed bytes are handed out (identity for `bytes`). */
  private readonly out: (bytes: string) => string;

  constructor(
    readonly format: AdFormat,
    options: WriterOptions = {},
  ) {
    const layout = LAYOUTS.get(format);
    if (layout === undefined) throw new TypeError(`unknown ad format ${JSON.stringify(format)}: expected long, new, json or xml`);
    this.layout = layout;
    this.keepPrivate = options.keepPrivate === true;
    this.out = options.encoding === "bytes" ? (bytes) => bytes : fromByteString;
  }

  begin(): string {
    return this.out(this.layout.begin);
  }

  ad(ad: ClassAd): string {
    const text = this.layout.ad(topLevelAttrs(ad, this.keepPrivate));
    return this.out((this.count++ === 0 ? this.layout.open : this.layout.between) + text);
  }

  end(): string {
    return this.out(this.layout.end(this.count));
  }
}

/** All ads in one format, as one string: text, or the bytes with `encoding: "bytes"`. */
export function formatAds(ads: Iterable<ClassAd>, format: AdFormat, options: WriterOptions = {}): string {
  const writer = new AdWriter(format, options);
  const parts = [writer.begin()];
  for (const ad of ads) parts.push(writer.ad(ad));
  parts.push(writer.end());
  return parts.join("");
}
