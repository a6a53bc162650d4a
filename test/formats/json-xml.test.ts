/**
 * JSON and XML readers: HTCondor's encodings and leniencies (HTCondor's jsonSource.cpp, xmlSource.cpp; docs/formats.md).
 */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/model/nodes.js";
import { formatAds, parseAds } from "../../src/formats/index.js";

function value(expr: Expr | undefined): unknown {
  return expr?.kind === "literal" ? expr.value : expr?.kind;
}

describe("JSON reader", () => {
  it("reads HTCondor's encoding: numbers, strings, null, booleans, lists, nested ads, \\/Expr()\\/", () => {
    const { ads, faults } = parseAds(
      '[\n{ "I": 3, "R": 2.5, "S": "a\\"b", "U": null, "B": TRUE, "L": [1, "x"], "N": { "z": 1 }, "E": "\\/Expr(a + 1)\\/", "P": "/Expr(1)/" }\n]\n',
    );
    expect(faults).toEqual([]);
    const ad = ads[0]!;
    expect(value(ad.lookup("I"))).toEqual({ kind: "int", v: 3 });
    expect(value(ad.lookup("R"))).toEqual({ kind: "real", v: 2.5 });
    expect(value(ad.lookup("S"))).toEqual({ kind: "string", v: 'a"b' });
    expect(value(ad.lookup("U"))).toEqual({ kind: "undefined" });
    expect(value(ad.lookup("B"))).toEqual({ kind: "bool", v: true });
    expect(ad.lookup("L")?.kind).toBe("list");
    expect(ad.lookup("N")?.kind).toBe("record");
    expect(ad.lookup("E")).toMatchObject({ kind: "binary", op: "+" });
    // Without the escaped slashes it stays a string, as in HTCondor.
    expect(value(ad.lookup("P"))).toEqual({ kind: "string", v: "/Expr(1)/" });
  });

  it("accepts repeated and trailing commas between members; duplicate keys keep the last value and first spelling", () => {
    const { ads, faults } = parseAds('{"a": 1,,, "A": 2,}\n{"b": [1,2]}\n');
    expect(faults).toEqual([]);
    expect(ads.map((ad) => ad.names())).toEqual([["a"], ["b"]]);
    expect(value(ads[0]!.lookup("a"))).toEqual({ kind: "int", v: 2 });
  });

  it("rejects what HTCondor rejects: bare words, trailing commas in lists", () => {
    const { ads, faults } = parseAds('[\n{"a": undefined},\n{"b": [1,]},\n{"c": 1}\n]\n');
    expect(ads.map((ad) => ad.names())).toEqual([["c"]]);
    expect(faults.map((f) => [f.code, f.line])).toEqual([
      ["bad-json", 2],
      ["bad-json", 3],
    ]);
  });
});

describe("XML reader", () => {
  const xml = (body: string): string => `<?xml version="1.0"?>\n<!DOCTYPE classads SYSTEM "classads.dtd">\n<classads>\n<c>\n${body}\n</c>\n</classads>\n`;

  it("decodes entities and new-syntax escapes in strings, and reads every value tag", () => {
    const { ads, faults } = parseAds(
      xml(
        '<a n="S"><s>a &amp; b &lt;c&gt; "q" \\n</s></a><a n="I"><i>abc</i></a><a n="R"><r>1.5E+00</r></a>' +
          '<a n="B"><b v="t"/></a><a n="U"><un/></a><a n="X"><er/></a><a n="E"><e>x &gt;= 1</e></a>' +
          '<a n="L"><l><i>1</i><s>y</s></l></a><a n="C"><c><a n="k"><i>2</i></a></c></a><a n="T"><at>2004-01-01T00:00:00Z</at></a>',
      ),
    );
    expect(faults).toEqual([]);
    const ad = ads[0]!;
    expect(value(ad.lookup("S"))).toEqual({ kind: "string", v: 'a & b <c> "q" \n' });
    expect(value(ad.lookup("I"))).toEqual({ kind: "error" });
    expect(value(ad.lookup("R"))).toEqual({ kind: "real", v: 1.5 });
    expect(value(ad.lookup("B"))).toEqual({ kind: "bool", v: true });
    expect(value(ad.lookup("U"))).toEqual({ kind: "undefined" });
    expect(value(ad.lookup("X"))).toEqual({ kind: "error" });
    expect(ad.lookup("E")).toMatchObject({ kind: "binary", op: ">=" });
    expect(ad.lookup("L")?.kind).toBe("list");
    expect(ad.lookup("C")?.kind).toBe("record");
    expect(value(ad.lookup("T"))).toMatchObject({ kind: "abstime", secs: 1072915200 });
  });

  it("prints the header even without ads, as condor_status -xml does", () => {
    expect(formatAds([], "xml")).toBe('<?xml version="1.0"?>\n<!DOCTYPE classads SYSTEM "classads.dtd">\n<classads>\n</classads>\n');
  });
});
