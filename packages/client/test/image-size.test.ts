import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readImageSize } from "../src/image-size.js";
import { jpeg, png, webp } from "./helpers.js";

const fixture = async (name: string) => new Blob([await readFile(new URL(`./fixtures/${name}`, import.meta.url))]);

describe("readImageSize", () => {
  it("reads real PNG, JPEG and WebP (lossy, lossless, extended) files made by ffmpeg", async () => {
    for (const name of [
      "frame-72x40.png",
      "frame-72x40.jpg",
      "frame-72x40-lossy.webp",
      "frame-72x40-lossless.webp",
      "frame-72x40-alpha.webp",
    ]) {
      expect(await readImageSize(await fixture(name)), name).toBe("72x40");
    }
  });

  it("reads the sizes the spec allows, in both orientations", async () => {
    for (const [w, h] of [
      [720, 1280],
      [1280, 720],
    ] as const) {
      const expected = `${w}x${h}`;
      expect(await readImageSize(new Blob([png(w, h)]))).toBe(expected);
      expect(await readImageSize(new Blob([jpeg(w, h)]))).toBe(expected);
      expect(await readImageSize(new Blob([jpeg(w, h, { progressive: true })]))).toBe(expected);
      expect(await readImageSize(new Blob([webp(w, h, "VP8 ")]))).toBe(expected);
      expect(await readImageSize(new Blob([webp(w, h, "VP8L")]))).toBe(expected);
      expect(await readImageSize(new Blob([webp(w, h, "VP8X")]))).toBe(expected);
    }
  });

  it("finds a JPEG's frame behind a large Exif segment, reading only segment headers", async () => {
    const bytes = jpeg(1280, 720, { exifBytes: 60_000 });
    const reads: number[] = [];
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number) {
        reads.push((end ?? this.size) - (start ?? 0));
        return super.slice(start, end);
      }
    }
    expect(await readImageSize(new CountingBlob([bytes]))).toBe("1280x720");
    expect(Math.max(...reads)).toBeLessThanOrEqual(30);
  });

  it("returns undefined for other formats and truncated headers", async () => {
    expect(await readImageSize(new Blob(["GIF89a........................"]))).toBeUndefined();
    expect(await readImageSize(new Blob([png(720, 1280).slice(0, 18)]))).toBeUndefined();
    expect(await readImageSize(new Blob([jpeg(720, 1280).slice(0, 40)]))).toBeUndefined();
    expect(await readImageSize(new Blob([]))).toBeUndefined();
  });
});
