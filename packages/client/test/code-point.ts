import fc from "fast-check";

/**
 * One code point as fast-check's `unit: "binary"` draws it: the same `nat` over U+0000..U+10FFFF less the
 * surrogates, in order, so the same bias to small ones. "binary" also builds, on first use in each test file, a
 * reverse table of all 1.1 million code points (only to shrink values it did not make): 6 s of CPU here at a
 * load of 8, charged to the first property test of the file.
 */
export const codePoint = fc
  .nat({ max: 0x10ffff - 0x800 })
  .map((index) => String.fromCodePoint(index < 0xd800 ? index : index + 0x800));
