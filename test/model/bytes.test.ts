/** Byte strings and ordinary text at the API's edges: which is which (byteStringOf). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteStringOf, fromByteString, toByteString } from "../../src/model/bytes.js";

describe("byteStringOf", () => {
  it("keeps ASCII and byte strings that are valid UTF-8", () => {
    expect(byteStringOf("Owner = \"alice\"")).toBe("Owner = \"alice\"");
    expect(byteStringOf("Jos\u00c3\u00a9")).toBe("Jos\u00c3\u00a9");
    expect(byteStringOf("\u00e6\u0097\u00a5")).toBe("\u00e6\u0097\u00a5");
  });

  it("encodes ordinary text: Latin-1 letters that are not UTF-8, and chars above 0xFF", () => {
    expect(byteStringOf("Jos\u00e9")).toBe("Jos\u00c3\u00a9");
    expect(byteStringOf("M\u00fcller, na\u00efve")).toBe(toByteString("M\u00fcller, na\u00efve"));
    expect(byteStringOf("\u65e5\u672c")).toBe("\u00e6\u0097\u00a5\u00e6\u009c\u00ac");
    // A lone lead byte, an overlong form, an encoded surrogate: not UTF-8, so text.
    for (const text of ["\u00c3", "\u00c0\u00af", "\u00ed\u00a0\u0080"]) expect(byteStringOf(text)).toBe(toByteString(text));
  });

  it("gives back the same text through fromByteString for any text that is not already UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const bytes = byteStringOf(text);
        expect(fromByteString(bytes) === text || bytes === text).toBe(true);
      }),
    );
  });
});
