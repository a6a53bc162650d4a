/**
 * The byte scanner of the projecting `-long` reader (`projection.ts`): it walks a dump's bytes
 * line by line and keeps, of each ad, only the lines whose attribute name is wanted, without
 * making a string of anything else.
 *
 * - Each line's name is hashed from its bytes (ASCII case folded, as `foldName` folds) and looked
 *   up in the table of wanted names; only a wanted line becomes a string. Its value is looked at
 *   once per distinct line: every identifier in it becomes a wanted name too, so what a kept value
 *   reads (START read by Requirements, what START reads, ...) is kept as well. An ad is complete
 *   at its end: names wanted by its own values are then looked up among its lines.
 * - The identifiers are found by their letters (string contents included), so the set is a
 *   superset of what the parsed values read; the reader checks it against the parsed trees.
 * - Anything unusual about an ad (a line that is not `Name = value`, a control byte, a repeated
 *   name, a comment inside it) marks it: the reader then reads that ad with the full `-long`
 *   reader, so faults and dropped ads are exactly that reader's.
 *
 * This class is sent to worker threads as source text (`ProjectionScanner.toString()`), so it
 * refers to nothing outside itself.
 */

/** What a scanner found, in plain arrays that can be posted between threads. */
export interface ScanOutput {
  /** Wanted names (folded), in the order they became wanted: the local name ids. */
  readonly names: string[];
  /** Distinct kept lines (`Name = value`, as written), by local line id (index 0 unused). */
  readonly lines: string[];
  /** {@link AD_FIELDS} numbers per ad; see the `FIELD_` offsets. */
  readonly ads: Int32Array;
  /** Per ad, the byte offsets of its first line and of the end of its last line. */
  readonly byteRanges: Float64Array;
  /** Per kept line of an ad: name id, line id, line number within the ad (0-based). */
  readonly kept: Int32Array;
  /** Ads found (marked ones included). */
  readonly adCount: number;
  /** Lines read. */
  readonly lineCount: number;
}

/** Numbers kept per ad in {@link ScanOutput.ads}. */
export const AD_FIELDS = 6;
/** Line number (1-based, counted from the start of the scan) of the ad's first line. */
export const FIELD_LINE = 0;
/** Number of names wanted when the ad ended: the ad answers for local name ids below this. */
export const FIELD_COVERAGE = 1;
/** Index of the ad's first kept line in {@link ScanOutput.kept} (in triples). */
export const FIELD_KEPT_START = 2;
/** Number of kept lines. */
export const FIELD_KEPT_COUNT = 3;
/** Attribute lines read in the ad. */
export const FIELD_LINES = 4;
/** 1 when the ad must be read by the full reader (see the file comment). */
export const FIELD_MARKED = 5;

export class ProjectionScanner {
  /** Wanted names, folded; a name's id is its index. */
  readonly names: string[] = [];
  private nameBytes: Uint8Array[] = [];
  private nameHashes: number[] = [];
  /** Open addressing over name hashes: name id + 1, 0 for empty. */
  private nameSlots = new Int32Array(1024);
  private readonly fold = new Uint8Array(256);
  /** The block being scanned as 32-bit words (little-endian), or null when it is not aligned. */
  private words: Uint32Array | null = null;
  private blockView: DataView | null = null;

  /** Distinct kept lines: their text, and their bytes in `lineArena` at `lineAt[id]`..`lineAt[id + 1]`. */
  private readonly lineTexts: string[] = [""];
  private lineArena = new Uint8Array(1 << 16);
  private arenaView = new DataView(this.lineArena.buffer);
  private lineAt: number[] = [0, 0];
  private lineHashes: number[] = [0];
  /** Open addressing over line hashes: line id, 0 for empty. */
  private lineSlots = new Int32Array(1 << 12);

  private adFields: number[] = [];
  private adBytes: number[] = [];
  private keptOut: number[] = [];
  private adTotal = 0;
  private lineNo = 0;

  // The ad being read.
  private inAd = false;
  private adStart = 0;
  private adFirstLine = 0;
  private linesBeforeAd = 0;
  private marked = false;
  private adLines = 0;
  /** Per attribute line of the ad: start, name end, value end (CR excluded) and name hash. */
  private adLine = new Int32Array(4 * 1024);
  private stamp = 1;
  /** Kept lines of the ad: line position per name id, valid where `keptStamp` is the ad's stamp. */
  private keptLine: number[] = [];
  private keptStamp: number[] = [];
  private keptNames: number[] = [];

  /** `wanted`: folded names to keep in every ad. */
  constructor(wanted: readonly string[]) {
    for (let c = 0; c < 256; c++) this.fold[c] = c >= 65 && c <= 90 ? c | 32 : c;
    for (const name of wanted) this.want(name);
  }

  /**
   * Reads the lines of `buf` in [from, to), which must end at a line end unless `final`; `base` is
   * the byte offset of `buf[0]` in the input. Returns where reading stopped: `to`, or (when not
   * final) the start of an ad that continues past `to`, to be given again with more bytes.
   */
  scan(buf: Uint8Array, from: number, to: number, base: number, final: boolean): number {
    if (to >= buf.length) throw new RangeError("ProjectionScanner.scan needs one byte of room after `to`");
    // A newline after the last byte ends every inner loop without a bounds check.
    const saved = buf[to] as number;
    buf[to] = 10;
    this.words = buf.byteOffset % 4 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2) : null;
    this.blockView = new DataView(buf.buffer, buf.byteOffset, buf.length);
    try {
      let i = from;
      while (i < to) {
        const c = buf[i] as number;
        if (c > 32 && c !== 35 && c !== 42 && c !== 61 && c !== 127) i = this.attributeLine(buf, i, to);
        else i = this.otherLine(buf, i, to, base);
      }
      if (!this.inAd) return to;
      if (final) {
        this.finishAd(buf, to, base);
        return to;
      }
    } finally {
      buf[to] = saved;
      this.words = null;
      this.blockView = null;
    }
    // The ad continues in the next block: forget it, it is read again from its start.
    this.inAd = false;
    this.adTotal--;
    this.lineNo = this.linesBeforeAd;
    return this.adStart;
  }

  /** Everything found so far (the scanner can go on afterwards). */
  output(): ScanOutput {
    return {
      names: [...this.names],
      lines: [...this.lineTexts],
      ads: Int32Array.from(this.adFields),
      byteRanges: Float64Array.from(this.adBytes),
      kept: Int32Array.from(this.keptOut),
      adCount: this.adTotal,
      lineCount: this.lineNo,
    };
  }

  /** A `Name = value` line starting with a name character; returns the start of the next line. */
  private attributeLine(buf: Uint8Array, start: number, to: number): number {
    if (!this.inAd) this.startAd(start);
    this.lineNo++;
    // The name ends at a byte <= 0x20, `=` or 0x7f; four bytes at a time once aligned.
    let i = start;
    let c = buf[i] as number;
    while ((i & 3) !== 0 && c > 32 && c !== 61 && c !== 127) c = buf[++i] as number;
    const words = this.words;
    if (words !== null && (i & 3) === 0 && c > 32 && c !== 61 && c !== 127) {
      const wordEnd = to >> 2;
      let k = i >> 2;
      while (k < wordEnd) {
        const w = words[k] as number;
        const eq = w ^ 0x3d3d3d3d;
        const del = w ^ 0x7f7f7f7f;
        if ((((w - 0x21212121) & ~w) | ((eq - 0x01010101) & ~eq) | ((del - 0x01010101) & ~del)) & 0x80808080) break;
        k++;
      }
      i = k << 2;
      c = buf[i] as number;
    }
    while (c > 32 && c !== 61 && c !== 127) c = buf[++i] as number;
    const nameEnd = i;
    const h = this.nameHash(buf, start, nameEnd);
    while (c === 32) c = buf[++i] as number;
    if (c !== 61) {
      this.marked = true;
      this.addAdLine(buf, start, start, start, 0);
      return this.lineEnd(buf, i, to);
    }
    c = buf[++i] as number;
    while (c === 32) c = buf[++i] as number;
    const valueStart = i;
    // To the line end; control bytes other than tabs (and the CR of a CRLF) mark the ad. Four
    // bytes at a time while none of them is below 0x20 or 0x7f.
    if (words !== null) {
      const wordEnd = to >> 2;
      while ((i & 3) !== 0 && c >= 32 && c !== 127) c = buf[++i] as number;
      if ((i & 3) === 0) {
        let k = i >> 2;
        while (k < wordEnd) {
          const w = words[k] as number;
          const del = w ^ 0x7f7f7f7f;
          if ((((w - 0x20202020) & ~w) | ((del - 0x01010101) & ~del)) & 0x80808080) break;
          k++;
        }
        i = k << 2;
        c = buf[i] as number;
      }
    }
    for (;;) {
      if (c < 32 || c === 127) {
        if (c === 10) break;
        if (c !== 9 && !(c === 13 && buf[i + 1] === 10)) this.marked = true;
      }
      c = buf[++i] as number;
    }
    let stop = i;
    if (stop > valueStart && buf[stop - 1] === 13) stop--;
    let valueEnd = stop;
    while (valueEnd > valueStart && ((c = buf[valueEnd - 1] as number) === 32 || (c >= 9 && c <= 13))) valueEnd--;
    if (valueEnd === valueStart || buf[valueStart] === 61) this.marked = true;
    this.addAdLine(buf, start, nameEnd, stop, h);
    return i < to ? i + 1 : to;
  }

  /** Blank lines, comments, `***` separators and lines that do not start with a name. */
  private otherLine(buf: Uint8Array, start: number, to: number, base: number): number {
    const next = this.lineEnd(buf, start, to);
    let stop = next;
    if (stop > start && buf[stop - 1] === 10) stop--;
    let i = start;
    let c = 0;
    while (i < stop && ((c = buf[i] as number) === 32 || c === 9 || c === 13)) i++;
    if (i === stop) {
      this.lineNo++;
      if (this.inAd) this.finishAd(buf, start, base);
      return next;
    }
    if (c === 35) {
      this.lineNo++;
      if (this.inAd) this.marked = true; // a comment inside an ad: line numbers are no longer consecutive
      return next;
    }
    if (c === 42 && i === start && i + 2 < stop && buf[i + 1] === 42 && buf[i + 2] === 42) {
      this.lineNo++;
      if (this.inAd) this.finishAd(buf, start, base);
      return next;
    }
    // Leading white space, a lone `*`, `=` or a control byte: only the full reader decides.
    if (!this.inAd) this.startAd(start);
    this.lineNo++;
    this.marked = true;
    this.addAdLine(buf, start, start, start, 0);
    return next;
  }

  /** The start of the line after the one holding `i` (or `to`). */
  private lineEnd(buf: Uint8Array, i: number, to: number): number {
    while (buf[i] !== 10) i++;
    return i < to ? i + 1 : to;
  }

  private startAd(start: number): void {
    this.inAd = true;
    this.adTotal++;
    this.adStart = start;
    this.linesBeforeAd = this.lineNo;
    this.adFirstLine = this.lineNo + 1;
    this.marked = false;
    this.adLines = 0;
    this.keptNames.length = 0;
    if (++this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.keptStamp.fill(0);
    }
  }

  /** Records an attribute line of the ad: by hash for this ad, and kept when its name is wanted. */
  private addAdLine(buf: Uint8Array, start: number, nameEnd: number, stop: number, hash: number): void {
    const position = this.adLines++;
    let line = this.adLine;
    if (position * 4 + 4 > line.length) {
      line = new Int32Array(line.length * 2);
      line.set(this.adLine);
      this.adLine = line;
    }
    const at = position * 4;
    line[at] = start;
    line[at + 1] = nameEnd;
    line[at + 2] = stop;
    line[at + 3] = hash;
    if (nameEnd === start) return;
    const id = this.nameId(buf, start, nameEnd, hash);
    if (id >= 0) this.keep(id, position);
  }

  /**
   * A hash of a name from its length and at most ten of its bytes (the first four, the middle
   * two, the last four), folded with `| 0x20`, which maps each ASCII capital to its small letter
   * as `foldName` does (and a few other bytes together): equal names hash alike, and a collision
   * only costs a comparison.
   */
  private nameHash(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let h = Math.imul(0x811c9dc5 ^ length, 0x01000193);
    if (length <= 10) {
      for (let k = start; k < end; k++) h = Math.imul(h ^ ((buf[k] as number) | 0x20), 0x01000193);
    } else {
      const mid = start + (length >> 1);
      const head = (buf[start] as number) | ((buf[start + 1] as number) << 8) | ((buf[start + 2] as number) << 16) | ((buf[start + 3] as number) << 24);
      const tail = (buf[end - 4] as number) | ((buf[end - 3] as number) << 8) | ((buf[end - 2] as number) << 16) | ((buf[end - 1] as number) << 24);
      h = Math.imul(h ^ (head | 0x20202020), 0x01000193);
      h = Math.imul(h ^ ((buf[mid - 1] as number) | ((buf[mid] as number) << 8) | 0x2020), 0x01000193);
      h = Math.imul(h ^ (tail | 0x20202020), 0x01000193);
    }
    return h ^ (h >>> 15);
  }

  /** {@link nameHash} of a folded name given as text. */
  private textHash(name: string): number {
    const bytes = new Uint8Array(name.length);
    for (let k = 0; k < name.length; k++) bytes[k] = name.charCodeAt(k) & 0xff;
    return this.nameHash(bytes, 0, bytes.length);
  }

  /** The id of a wanted name spelled by `buf[start, end)`, or -1. */
  private nameId(buf: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.nameSlots.length - 1;
    const fold = this.fold;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = this.nameSlots[s] as number;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.nameHashes[id] !== hash) continue;
      const bytes = this.nameBytes[id] as Uint8Array;
      if (bytes.length !== end - start) continue;
      let k = 0;
      while (k < bytes.length && bytes[k] === fold[buf[start + k] as number]) k++;
      if (k === bytes.length) return id;
    }
  }

  private keep(id: number, position: number): void {
    // A kept name set twice in one ad: the full reader warns (and keeps the last value).
    if (this.keptStamp[id] !== this.stamp) this.keptNames.push(id);
    else this.marked = true;
    this.keptStamp[id] = this.stamp;
    this.keptLine[id] = position;
  }

  /** Makes a name wanted. */
  private want(folded: string): void {
    {
      const bytes = new Uint8Array(folded.length);
      for (let k = 0; k < folded.length; k++) bytes[k] = this.fold[folded.charCodeAt(k) & 0xff] as number;
      const h = this.textHash(folded);
      if (this.findName(bytes, h) >= 0) return;
      const id = this.names.length;
      this.names.push(folded);
      this.nameBytes.push(bytes);
      this.nameHashes.push(h);
      this.keptStamp.push(0);
      this.keptLine.push(0);
      if (this.names.length * 2 > this.nameSlots.length) this.rehashNames();
      else this.placeName(id);
    }
  }

  private findName(bytes: Uint8Array, hash: number): number {
    const mask = this.nameSlots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = this.nameSlots[s] as number;
      if (entry === 0) return -1;
      const known = this.nameBytes[entry - 1] as Uint8Array;
      if (this.nameHashes[entry - 1] === hash && known.length === bytes.length && known.every((b, k) => b === bytes[k])) return entry - 1;
    }
  }

  private placeName(id: number): void {
    const mask = this.nameSlots.length - 1;
    let s = (this.nameHashes[id] as number) & mask;
    while (this.nameSlots[s] !== 0) s = (s + 1) & mask;
    this.nameSlots[s] = id + 1;
  }

  private rehashNames(): void {
    this.nameSlots = new Int32Array(this.nameSlots.length * 2);
    for (let id = 0; id < this.names.length; id++) this.placeName(id);
  }

  /** The ad ends before `end`: its kept lines become line ids, and what they read is looked up. */
  private finishAd(buf: Uint8Array, end: number, base: number): void {
    this.inAd = false;
    const keptStart = this.keptOut.length / 3;
    if (!this.marked) {
      // Kept values may make more names wanted; those are looked up among this ad's lines.
      let looked = this.names.length;
      for (let k = 0; k < this.keptNames.length; k++) {
        const id = this.keptNames[k] as number;
        this.emitKept(buf, id, this.keptLine[id] as number);
        while (k === this.keptNames.length - 1 && looked < this.names.length) this.lookUpLate(buf, looked++);
      }
    }
    const keptCount = this.keptOut.length / 3 - keptStart;
    this.adFields.push(this.adFirstLine, this.names.length, keptStart, keptCount, this.adLines, this.marked ? 1 : 0);
    this.adBytes.push(base + this.adStart, base + end);
  }

  /** A name that became wanted while this ad was finished: keep its line if the ad has one. */
  private lookUpLate(buf: Uint8Array, id: number): void {
    const hash = this.nameHashes[id] as number;
    const bytes = this.nameBytes[id] as Uint8Array;
    const line = this.adLine;
    for (let position = 0; position < this.adLines; position++) {
      const at = position * 4;
      const start = line[at] as number;
      if (line[at + 3] !== hash || (line[at + 1] as number) - start !== bytes.length) continue;
      let k = 0;
      while (k < bytes.length && bytes[k] === this.fold[buf[start + k] as number]) k++;
      if (k === bytes.length) this.keep(id, position);
    }
  }

  private emitKept(buf: Uint8Array, nameId: number, position: number): void {
    const start = this.adLine[position * 4] as number;
    const end = this.adLine[position * 4 + 2] as number;
    const h = this.lineHash(buf, start, end);
    const mask = this.lineSlots.length - 1;
    let s = h & mask;
    let lineId = 0;
    for (let id = this.lineSlots[s] as number; id !== 0; s = (s + 1) & mask, id = this.lineSlots[s] as number) {
      if (this.lineHashes[id] === h && this.sameLine(buf, start, end, id)) {
        lineId = id;
        break;
      }
    }
    if (lineId === 0) {
      lineId = this.addLine(buf, start, end, h);
      this.wantIdentifiers(this.lineTexts[lineId] as string, (this.adLine[position * 4 + 1] as number) - start);
    }
    this.keptOut.push(nameId, lineId, position);
  }

  /** A hash of a line: all of a short one; the length and three samples of a long one (then compared whole). */
  private lineHash(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let h = Math.imul(0x811c9dc5 ^ length, 0x01000193);
    if (length <= 48) {
      for (let k = start; k < end; k++) h = Math.imul(h ^ (buf[k] as number), 0x01000193);
      return h;
    }
    const middle = start + (length >> 1) - 8;
    for (let k = 0; k < 16; k++) {
      h = Math.imul(h ^ (buf[start + k] as number), 0x01000193);
      h = Math.imul(h ^ (buf[middle + k] as number), 0x01000193);
      h = Math.imul(h ^ (buf[end - 16 + k] as number), 0x01000193);
    }
    return h;
  }

  private sameLine(buf: Uint8Array, start: number, end: number, id: number): boolean {
    const from = this.lineAt[id] as number;
    const length = end - start;
    if ((this.lineAt[id + 1] as number) - from !== length) return false;
    const arena = this.lineArena;
    let k = 0;
    if (length >= 16) {
      // Four bytes at a time (unaligned reads through DataViews).
      const a = this.arenaView;
      const b = this.blockView as DataView;
      const last = length - 4;
      for (; k <= last; k += 4) if (a.getInt32(from + k, true) !== b.getInt32(start + k, true)) return false;
    }
    for (; k < length; k++) if (arena[from + k] !== buf[start + k]) return false;
    return true;
  }

  private addLine(buf: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.lineTexts.length;
    const from = this.lineAt[id] as number;
    if (from + (end - start) > this.lineArena.length) {
      const arena = new Uint8Array(Math.max(this.lineArena.length * 2, from + (end - start)));
      arena.set(this.lineArena);
      this.lineArena = arena;
      this.arenaView = new DataView(arena.buffer);
    }
    this.lineArena.set(buf.subarray(start, end), from);
    this.lineAt.push(from + (end - start));
    this.lineTexts.push(this.latin1(buf, start, end));
    this.lineHashes.push(hash);
    if (id * 2 > this.lineSlots.length) {
      this.lineSlots = new Int32Array(this.lineSlots.length * 2);
      for (let other = 1; other <= id; other++) this.placeLine(other);
    } else {
      this.placeLine(id);
    }
    return id;
  }

  private placeLine(id: number): void {
    const mask = this.lineSlots.length - 1;
    let s = (this.lineHashes[id] as number) & mask;
    while (this.lineSlots[s] !== 0) s = (s + 1) & mask;
    this.lineSlots[s] = id;
  }

  /**
   * Every attribute name a value's text spells becomes wanted: identifiers outside string
   * literals that are not keywords or function names, and quoted names (`'a b'`). Strings follow
   * the old rules (a backslash escapes a quote unless it ends the line).
   */
  private wantIdentifiers(line: string, from: number): void {
    const eq = line.indexOf("=", from);
    const length = line.length;
    let k = eq < 0 ? length : eq + 1;
    while (k < length) {
      const c = line.charCodeAt(k);
      if (c === 34 || c === 39) {
        let j = k + 1;
        while (j < length) {
          const d = line.charCodeAt(j);
          if (d === 92 && (c === 39 || j + 2 < length)) j += 2;
          else if (d === c) break;
          else j++;
        }
        if (c === 39) this.want(this.folded(line, k + 1, Math.min(j, length)));
        k = j + 1;
        continue;
      }
      const isStart = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
      if (!isStart && !(c >= 48 && c <= 57)) {
        k++;
        continue;
      }
      const begin = k;
      while (k < length) {
        const d = line.charCodeAt(k);
        if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || (d >= 48 && d <= 57))) break;
        k++;
      }
      if (!isStart) continue;
      let next = k;
      while (next < length && line.charCodeAt(next) === 32) next++;
      if (line.charCodeAt(next) === 40) continue; // a function name
      const name = this.folded(line, begin, k);
      if (name !== "true" && name !== "false" && name !== "undefined" && name !== "error" && name !== "is" && name !== "isnt") this.want(name);
    }
  }

  private folded(text: string, start: number, end: number): string {
    let name = "";
    for (let j = start; j < end; j++) name += String.fromCharCode(this.fold[text.charCodeAt(j) & 0xff] as number);
    return name;
  }

  private latin1(buf: Uint8Array, start: number, end: number): string {
    const slice = (buf as Uint8Array & { latin1Slice?: (s: number, e: number) => string }).latin1Slice;
    if (typeof slice === "function") return slice.call(buf, start, end);
    let out = "";
    for (let k = start; k < end; k += 4096) out += String.fromCharCode.apply(null, Array.from(buf.subarray(k, Math.min(end, k + 4096))));
    return out;
  }
}
