/**
 * Hostile and broken dumps (issue #15): a fault inside one ad never loses the ads after it, and
 * the documented maxima (16 MiB values) actually read.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ClassAd } from "../../src/classad/classad.js";
import { formatAds, parseAds } from "../../src/formats/index.js";
import { unparse } from "../../src/ast/print.js";
import { streamAds } from "../../src/formats/node.js";
import { DEFAULT_MAX_TOKENS } from "../../src/parser/index.js";

const MiB = 1024 * 1024;

/** Five -long ads; the third holds `Big` of `bytes` characters. */
function longDump(bytes: number): string {
  const ads: string[] = [];
  for (let i = 0; i < 5; i++) ads.push(`Name = "slot${i}"\nBig = "${i === 2 ? "x".repeat(bytes) : "small"}"\nMemory = ${i}\n`);
  return ads.join("\n");
}

describe("-long values up to the documented 16 MiB", () => {
  it("reads 8 MiB and 12 MiB string values and every ad after them", () => {
    for (const size of [8 * MiB, 12 * MiB]) {
      const read = parseAds(longDump(size));
      expect(read.faults).toEqual([]);
      expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2, 3, 4]);
      expect(read.ads[2]?.getString("Big")?.length).toBe(size);
    }
  });

  it("streams them from a Node stream without losing a later ad", async () => {
    const stream = streamAds(Readable.from([Buffer.from(longDump(9 * MiB), "latin1")]));
    const memories: (number | undefined)[] = [];
    for await (const ad of stream) memories.push(ad.getNumber("Memory"));
    expect(memories).toEqual([0, 1, 2, 3, 4]);
    expect(stream.faults).toEqual([]);
  });

  it("reports a value past the limit as a fault of its ad and attribute only", () => {
    const read = parseAds(longDump(16 * MiB + 10));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2, 3, 4]);
    expect(read.ads[2]?.getString("Big")).toBeUndefined();
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-expression", adIndex: 2, line: 10, attribute: "Big" });
  });
});

describe("a token bomb within the length limit (ParseOptions.maxTokens)", () => {
  const bomb = "{" + "1,".repeat(DEFAULT_MAX_TOKENS) + "1}";
  const small = "{1, 2}";

  it("-long: a fault of that attribute (ad index, line), found promptly; every other ad is read", () => {
    const dump = [0, 1, 2].map((i) => `Name = "slot${i}"\nBig = ${i === 1 ? bomb : small}\nMemory = ${i}\n`).join("\n");
    const read = parseAds(dump);
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2]);
    expect(read.ads[1]?.evaluate("Big")).toMatchObject({ kind: "error" });
    expect(read.ads[2]?.evaluate("Big")).toMatchObject({ kind: "list" });
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-expression", adIndex: 1, line: 6, attribute: "Big" });
    expect(read.faults[0]!.message).toMatch(/tokens/);
  });

  it.each([
    ["new", (v: string, i: number) => `[ Name = "slot${i}"; Big = ${v}; Memory = ${i} ]`],
    ["json", (v: string, i: number) => `{ "Name": "slot${i}", "Big": "\\/Expr(${v})\\/", "Memory": ${i} }`],
    ["xml", (v: string, i: number) => `<c><a n="Name"><s>slot${i}</s></a><a n="Big"><e>${v}</e></a><a n="Memory"><i>${i}</i></a></c>`],
  ] as const)("%s: the ad holding it is a fault with its index; the others are read", (format, ad) => {
    const ads = [0, 1, 2].map((i) => ad(i === 1 ? bomb : small, i));
    const text = format === "json" ? `[\n${ads.join(",\n")}\n]\n` : format === "xml" ? `<?xml version="1.0"?>\n<classads>\n${ads.join("\n")}\n</classads>\n` : ads.join("\n") + "\n";
    const read = parseAds(text, { format });
    expect(read.ads.map((a) => a.getNumber("Memory"))).toEqual([0, 2]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ adIndex: 1 });
    expect(read.faults[0]!.message).toMatch(/tokens/);
  });
});

describe("JSON arrays and XML lists, built by the readers, under the same token limit", () => {
  it.each([
    ["json", (i: number, big: boolean) => `{ "Name": "slot${i}", "Big": [${big ? "1,".repeat(DEFAULT_MAX_TOKENS) : ""}1], "Memory": ${i} }`],
    ["xml", (i: number, big: boolean) => `<c><a n="Name"><s>slot${i}</s></a><a n="Big"><l>${"<i>1</i>".repeat(big ? DEFAULT_MAX_TOKENS / 2 : 1)}</l></a><a n="Memory"><i>${i}</i></a></c>`],
  ] as const)("%s: an ad past it is a fault with its index, found promptly; the others are read", (format, ad) => {
    const ads = [0, 1, 2].map((i) => ad(i, i === 1));
    const text = format === "json" ? `[\n${ads.join(",\n")}\n]\n` : `<?xml version="1.0"?>\n<classads>\n${ads.join("\n")}\n</classads>\n`;
    const started = Date.now();
    const read = parseAds(text, { format });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(read.ads.map((a) => a.getNumber("Memory"))).toEqual([0, 2]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ adIndex: 1, line: format === "json" ? 3 : 4 });
    expect(read.faults[0]!.message).toMatch(/more (tokens|tags) than the limit/);
  });

  it("an ad just within it reads", () => {
    const json = `{ "Big": [${"1,".repeat(DEFAULT_MAX_TOKENS / 2 - 10)}1] }`;
    const read = parseAds(json, { format: "json" });
    expect(read.faults).toEqual([]);
    const big = read.ads[0]?.evaluate("Big");
    expect(big?.kind === "list" ? big.items.length : -1).toBe(DEFAULT_MAX_TOKENS / 2 - 9);
  });
});

describe("XML: text between the elements of an ad", () => {
  const header = `<?xml version="1.0"?>\n<classads>\n`;
  const footer = `<c><a n="Memory"><i>2</i></a></c>\n</classads>\n`;
  /** Line 3 holds the first ad (`Memory = 0`, then `inner`, from column 30), lines 4 and 5 two more. */
  function dump(inner: string): string {
    return `${header}<c><a n="Memory"><i>0</i></a>${inner}</c>\n<c><a n="Memory"><i>1</i></a></c>\n${footer}`;
  }
  const attrY = `<a n="y"><i>7</i></a>`;

  it.each([
    ["binary junk between attributes", ` \x01\x02junk ${attrY}`, 31, "byte 0x01"],
    ["text between attributes", ` junk ${attrY}`, 31, "'j'"],
    ["text before an attribute's value", `<a n="y">junk<i>7</i></a>`, 39, "'j'"],
    ["text after an attribute's value", `<a n="y"><i>7</i>junk</a>`, 47, "'j'"],
    ["text before a list element", `<a n="y"><l>j<i>7</i></l></a>`, 42, "'j'"],
    ["text after a list element", `<a n="y"><l><i>7</i>k</l></a>`, 50, "'k'"],
  ])("%s is a fault of that ad (index, line, column); the next ads are read", (_, inner, column, shown) => {
    const read = parseAds(dump(inner));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([1, 2]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-xml", adIndex: 0, line: 3, column });
    expect(read.faults[0]!.message).toContain(shown);
  });

  it("white space between elements stays fine", () => {
    const read = parseAds(dump(` \n\t\r\n ${attrY}\n `));
    expect(read.faults).toEqual([]);
    expect(read.ads.map((ad) => ad.getNumber("y") ?? ad.getNumber("Memory"))).toEqual([7, 1, 2]);
  });
});

/** Six ads `slot0`..`slot5` with `Memory = i`, written in `format`. */
function sixAds(format: "long" | "new" | "json" | "xml"): string {
  const ads = Array.from({ length: 6 }, (_, i) => {
    const ad = new ClassAd();
    ad.setText("Name", `"slot${i}"`);
    ad.setText("Memory", String(i));
    return ad;
  });
  return formatAds(ads, format);
}

function memories(text: string): (number | undefined)[] {
  return parseAds(text).ads.map((ad) => ad.getNumber("Memory"));
}

describe("a fault inside one ad never loses the ads after it", () => {
  it.each([
    ["XML ad without </c>", () => sixAds("xml").replace("</c>", ""), [1, 2, 3, 4, 5], { code: "truncated-ad", adIndex: 0, line: 4 }],
    ["new-format ad without ]", () => sixAds("new").replace("]", ""), [1, 2, 3, 4, 5], { code: "truncated-ad", adIndex: 0, line: 2 }],
    ["new-format string never closed", () => sixAds("new").replace('"slot1"', '"slot1'), [0, 2, 3, 4, 5], { code: "truncated-ad", adIndex: 1, line: 4 }],
    ["JSON string never closed", () => sixAds("json").replace('"slot2"', '"slot2'), [0, 1, 3, 4, 5], { code: "truncated-ad", adIndex: 2, line: 12 }],
    ["JSON ad without }", () => sixAds("json").replace("}", ""), [1, 2, 3, 4, 5], { code: "truncated-ad", adIndex: 0, line: 2 }],
  ])("%s", (_name, text, expected, fault) => {
    const read = parseAds(text());
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual(expected);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject(fault);
    expect(read.summary.adsDropped).toBe(1);
  });
});

describe("no silent repair", () => {
  it("a stray } inside a JSON ad makes that ad a fault, with its own index, once", () => {
    const read = parseAds(sixAds("json").replace('"Memory": 2,', '"Memory": 2, }'));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 3, 4, 5]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-json", adIndex: 2, line: 12 });
  });

  it("a stray ] inside a new-format ad makes that ad a fault", () => {
    const read = parseAds(sixAds("new").replace("Memory = 3;", "Memory = 3 ];"));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2, 4, 5]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-record", adIndex: 3 });
  });

  it("a `<` before a JSON dump is faults, not an input read as nothing", () => {
    // Detection follows condor_status -ads:auto: only a `<?xml version="1.0"?>` line means XML,
    // so this is read as the long form, whose lines are faults (the first on line 1).
    const read = parseAds("<" + sixAds("json"));
    expect(read.ads).toEqual([]);
    expect(read.faults.length).toBeGreaterThan(0);
    expect(read.faults[0]).toMatchObject({ severity: "error", line: 1 });
  });

  it("an XML dump whose tag never ends is a fault, not an input read as nothing", () => {
    const read = parseAds('<?xml version="1.0"?>\n<classads>\n<c><a n="x"><i>1</i></a></c>\n<c');
    expect(read.ads).toHaveLength(1);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "truncated-ad", severity: "error" });
  });

  it("CR-only line endings are a fault, not one ad with one attribute", () => {
    const read = parseAds(sixAds("long").replace(/\n/g, "\r"));
    expect(read.ads).toHaveLength(0);
    expect(read.faults[0]).toMatchObject({ code: "binary-data", adIndex: 0, line: 1 });
    // CRLF endings stay fine.
    expect(memories(sixAds("long").replace(/\n/g, "\r\n"))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("valid input of every format still reads without a fault", () => {
    for (const format of ["long", "new", "json", "xml"] as const) {
      const read = parseAds(sixAds(format));
      expect(read.faults, format).toEqual([]);
      expect(read.ads.map((ad) => ad.getNumber("Memory")), format).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });
});

describe("writers produce what their readers read back", () => {
  it("an empty list in every format reads back as no ads", () => {
    for (const format of ["long", "new", "json", "xml"] as const) {
      const read = parseAds(formatAds([], format));
      expect(read.ads, format).toEqual([]);
      expect(read.faults, format).toEqual([]);
    }
  });

  it("selected names that need quotes are quoted by the writers (HTCondor's unparse leaves them bare)", () => {
    const ad = new ClassAd();
    ad.setText("Sel", "x.'a b' + y.'c.d'[0].e");
    ad.setText("After", "1");
    for (const format of ["long", "new", "json", "xml"] as const) {
      const read = parseAds(formatAds([ad, ad], format));
      expect(read.faults, format).toEqual([]);
      expect(read.ads, format).toHaveLength(2);
      expect(unparse(read.ads[1]!.lookup("Sel")!, { quoteSelectedNames: true }), format).toBe("x.'a b' + y.'c.d'[0].e");
      expect(read.ads[1]!.getNumber("After"), format).toBe(1);
    }
    expect(unparse(ad.lookup("Sel")!)).toBe("x.a b + y.c.d[0].e");
  });

  it("a NUL or other control byte inside an XML value is a fault of that ad", () => {
    const read = parseAds(sixAds("xml").replace("slot1", "sl\x00ot1"));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 2, 3, 4, 5]);
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-xml", adIndex: 1 });
  });
});

describe("a value that loses its closing bracket or quote does not take the next ads", () => {
  const slots = Array.from({ length: 4 }, (_, i) => {
    const ad = new ClassAd();
    ad.setText("Name", `"slot${i}"`);
    ad.setText("Tags", '{ "a", [ x = 1; y = "z" ] }');
    return ad;
  });
  const names = (text: string, format: "new" | "json" | "xml"): { names: string[]; faultAds: number[] } => {
    const read = parseAds(text, { format });
    return {
      names: read.ads.map((ad) => {
        const name = ad.evaluate("Name");
        return name.kind === "string" ? name.v : "?";
      }),
      faultAds: read.faults.map((f) => f.adIndex ?? -1),
    };
  };
  it("JSON: an object left open inside a list, then `,` and `{` alone on their lines", () => {
    const text = formatAds(slots, "json");
    const broken = text.replace('"slot1",\n  "Tags": [\n    "a",\n    {\n      "x": 1,', '"slot1",\n  "Tags": [\n    "a",\n    {\n      "x": 1, "unclosed');
    expect(broken).not.toBe(text);
    const { names: got, faultAds } = names(broken, "json");
    expect(got).toEqual(["slot0", "slot2", "slot3"]);
    expect(faultAds).toEqual([1]);
  });

  it("new format: a string never closed inside a nested list, then a `,` line and the next `[` line", () => {
    const text = formatAds(slots, "new");
    const broken = text.replace('"slot1"; Tags = { "a",[ x = 1; y = "z" ] } ]', '"slot1"; Tags = { "a",[ x = 1; y = "z ] } ]');
    expect(broken).not.toBe(text);
    expect(names(broken, "new")).toEqual({ names: ["slot0", "slot2", "slot3"], faultAds: [1] });
  });

  it("XML: a tag broken inside an attribute, then an empty line and `<c>` alone", () => {
    const text = formatAds(slots, "xml");
    const broken = text.replace('<s>slot1</s></a>', '<s>slot1</s></a</c>');
    expect(broken).not.toBe(text);
    const { names: got } = names(broken, "xml");
    expect(got).toEqual(["slot0", "slot2", "slot3"]);
  });

  it("well-formed dumps read as before (every format, nested values)", () => {
    for (const format of ["new", "json", "xml"] as const) {
      expect(names(formatAds(slots, format), format)).toEqual({ names: ["slot0", "slot1", "slot2", "slot3"], faultAds: [] });
    }
  });
});
