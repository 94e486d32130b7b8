import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePoint } from "../code-point.js";
import { gatewayError, json, type ParsedMultipart, parseMultipart, testClient, video } from "../helpers.js";

/**
 * What the multipart encoding (HTML's, which every runtime's FormData follows) does to a value on the
 * wire: text is made well-formed Unicode with CRLF line breaks; in a file name, `"`, CR and LF become
 * %22, %0D and %0A. A round trip gives back exactly this.
 */
const onTheWire = {
  // UTF-8 has no lone surrogates: encoding turns each into U+FFFD.
  text: (value: string) => new TextDecoder().decode(new TextEncoder().encode(value)).replace(/\r?\n|\r/g, "\r\n"),
  filename: (name: string) => name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22"),
};

/**
 * A long value made cheaply: fast-check builds a value element by element (about 0.1 s per 60 kB here), so a
 * generated piece is repeated to the length instead. Long is what matters (past the runtime's stream chunks);
 * what it is made of is the short piece's job, which fast-check varies.
 */
const long = (piece: fc.Arbitrary<string>, minLength: number, maxLength: number) =>
  fc
    .tuple(piece, fc.integer({ min: minLength, max: maxLength }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Text of every kind: any code point (lone surrogates too), line breaks, and now and then very long. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: codePoint, maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom("a", "é", "😀", "\r", "\n", "\r\n", '"', "--", "\0") }) },
  { weight: 1, arbitrary: long(fc.string({ unit: codePoint, minLength: 1, maxLength: 300 }), 20_000, 60_000) },
);

/** Bytes that do not repeat, from a seed (cheap at any length, unlike fc.uint8Array): mulberry32. */
const seededBytes = ([seed, length]: [number, number]) => {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return bytes;
};

/**
 * File bytes: anything, including the look of a part delimiter. A backslash is left out of file names:
 * the multipart encoding does not escape it, and busboy reads it as an escape, so it is ambiguous on the
 * wire whatever the client does.
 */
const delimiterLike = fc
  .array(fc.constantFrom("\r\n", "--", "----formdata-undici-0", "Content-Disposition: form-data", "x"))
  .map((parts) => new TextEncoder().encode(parts.join("")));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  delimiterLike,
  fc.tuple(fc.integer(), fc.integer({ min: 100_000, max: 300_000 })).map(seededBytes),
);
const filename = fc.string({ unit: codePoint, maxLength: 120 }).map((name) => name.replace(/\\/g, "_"));
const token = fc.stringMatching(/^[a-z0-9][a-z0-9.+-]{0,20}$/);
const type = fc.oneof(
  fc.constantFrom("image/png", "image/jpeg", "image/webp", "IMAGE/PNG", ""),
  fc.tuple(token, token).map(([a, b]) => `${a}/${b}`),
  fc.string({ unit: codePoint, maxLength: 30 }), // a File drops a type that is not printable ASCII
);

describe("the multipart serializer round-trips through a real multipart parser", () => {
  it("text fields and a file with any name, type and bytes arrive intact, on every attempt", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ model: text, prompt: text, size: text, seconds: text }),
        fc.record({ bytes, filename, type }),
        async (fields, upload) => {
          const file = new File([upload.bytes], upload.filename, { type: upload.type });
          const parsed: ParsedMultipart[] = [];
          const { client } = testClient(async (request, attempt) => {
            parsed.push(await parseMultipart(request));
            return attempt === 1 ? gatewayError(503, "again") : json(video());
          });
          const { response } = await client.POST("/v1/videos", {
            body: { ...fields, input_reference: file } as never,
          });
          expect(response.status).toBe(200);

          const expectedFields = Object.fromEntries(
            Object.entries(fields).map(([name, value]) => [name, onTheWire.text(value)]),
          );
          // A File without a name is named after its field and type.
          const name = file.name || `input_reference.${file.type.split("/")[1] || "bin"}`;
          expect(parsed).toHaveLength(2);
          for (const attempt of parsed) {
            expect(attempt.fields).toEqual(expectedFields);
            expect(Object.keys(attempt.files)).toEqual(["input_reference"]);
            const received = attempt.files.input_reference;
            expect(received?.filename).toBe(onTheWire.filename(name));
            expect(received?.type).toBe(file.type || "application/octet-stream");
            expect(Buffer.from(received?.bytes ?? []).equals(Buffer.from(upload.bytes))).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
    // 300 real multipart round trips: about 5 s here at a load of 8 and 20 s at a load of 18. The work is
    // bounded; the timeout only catches a hang.
  }, 120_000);

  it("a Blob without a name, and values that are not strings, arrive as the serializer says", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom("image/png", "image/jpeg", "image/webp", ""),
        fc.oneof(fc.integer(), fc.boolean(), fc.constantFrom(4, 8, 12)),
        async (data, blobType, seconds) => {
          let parsed: ParsedMultipart | undefined;
          const { client } = testClient(async (request) => {
            parsed = await parseMultipart(request);
            return json(video());
          });
          await client.POST("/v1/videos", {
            body: {
              model: "sora-2",
              prompt: "p",
              seconds,
              input_reference: new Blob([data], { type: blobType }),
            } as never,
          });
          expect(parsed?.fields).toEqual({ model: "sora-2", prompt: "p", seconds: String(seconds) });
          expect(parsed?.files.input_reference?.filename).toBe(`input_reference.${blobType.split("/")[1] || "bin"}`);
          expect(parsed?.files.input_reference?.type).toBe(blobType || "application/octet-stream");
          expect(Buffer.from(parsed?.files.input_reference?.bytes ?? []).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
