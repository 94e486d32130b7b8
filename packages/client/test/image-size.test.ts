import { describe, expect, it } from "vitest";
import { readImageSize } from "../src/image-size.js";
import { fixture, reference } from "./helpers.js";

const blob = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]);

describe("readImageSize", () => {
  it("reads the reference images @tokenops/testing ships, PNG, JPEG and WebP, in both sizes the spec allows", async () => {
    for (const size of ["720x1280", "1280x720"] as const) {
      for (const format of ["png", "jpg", "webp"] as const) {
        expect(await readImageSize(blob(reference(size, format))), `${size}.${format}`).toBe(size);
      }
    }
  });

  it("reads the variants the testing media lacks: lossless and alpha WebP, a progressive JPEG", async () => {
    for (const name of [
      "frame-72x40.png",
      "frame-72x40.jpg",
      "frame-72x40-progressive.jpg",
      "frame-72x40-lossy.webp",
      "frame-72x40-lossless.webp",
      "frame-72x40-alpha.webp",
    ]) {
      expect(await readImageSize(blob(await fixture(name))), name).toBe("72x40");
    }
  });

  it("finds a JPEG's frame behind a 60 kB metadata segment, reading only segment headers", async () => {
    const bytes = await fixture("frame-72x40-comment.jpg");
    const reads: number[] = [];
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number) {
        reads.push((end ?? this.size) - (start ?? 0));
        return super.slice(start, end);
      }
    }
    expect(bytes.length).toBeGreaterThan(60_000);
    expect(await readImageSize(new CountingBlob([bytes]))).toBe("72x40");
    expect(Math.max(...reads)).toBeLessThanOrEqual(30);
  });

  it("returns undefined for other formats and truncated headers", async () => {
    expect(await readImageSize(new Blob(["GIF89a........................"]))).toBeUndefined();
    expect(await readImageSize(blob(reference("720x1280").slice(0, 18)))).toBeUndefined();
    expect(await readImageSize(blob(reference("720x1280", "jpg").slice(0, 40)))).toBeUndefined();
    expect(await readImageSize(blob(reference("720x1280", "webp").slice(0, 20)))).toBeUndefined();
    expect(await readImageSize(new Blob([]))).toBeUndefined();
  });
});
