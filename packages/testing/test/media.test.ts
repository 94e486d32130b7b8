import { readdirSync, readFileSync, statSync } from "node:fs";
import { imageSize } from "image-size";
import { describe, expect, it } from "vitest";
import { videoSeconds, videoSizes } from "../src/core/spec.js";
import { mediaBytes, mediaFile, mediaFiles, mediaPath } from "../src/index.js";
import { mp4Info } from "./helpers.js";

const mediaDir = new URL("../media/", import.meta.url);
const onDisk = readdirSync(mediaDir).sort();

describe("media fixtures", () => {
  it("the catalogue lists exactly the files in media/", () => {
    expect(mediaFiles.map((file) => file.name).sort()).toEqual(onDisk);
  });

  it("has an MP4 for every size and duration the spec allows", () => {
    for (const size of videoSizes) {
      for (const seconds of videoSeconds) {
        expect(onDisk).toContain(`video-${size}-${seconds}s.mp4`);
      }
    }
  });

  it("is under 1 MB in all", () => {
    const total = onDisk.reduce((sum, name) => sum + statSync(new URL(name, mediaDir)).size, 0);
    expect(total).toBeLessThan(1_000_000);
  });

  it.each(mediaFiles.filter((file) => file.type === "video/mp4"))(
    "$name is H.264 of the right size and duration",
    (file) => {
      const info = mp4Info(readFileSync(mediaPath(file.name)));
      expect(info.codec).toMatch(/^avc1\./);
      expect([info.width, info.height]).toEqual([file.width, file.height]);
      expect(info.duration).toBeCloseTo(Number(file.seconds), 2);
    },
  );

  it.each(mediaFiles.filter((file) => file.type !== "video/mp4"))("$name is a $type of $width x $height", (file) => {
    const image = imageSize(readFileSync(mediaPath(file.name)));
    const types = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
    expect(image.type).toBe(types[file.type as keyof typeof types]);
    expect([image.width, image.height]).toEqual([file.width, file.height]);
  });

  it("the bundled bytes are the files' bytes (run scripts/embed-media.mjs when they differ)", () => {
    for (const file of mediaFiles) {
      expect(Buffer.from(mediaBytes(file.name)).equals(readFileSync(mediaPath(file.name))), file.name).toBe(true);
    }
  });

  it("mediaFile is a named, typed File", async () => {
    const file = mediaFile("reference-720x1280.webp");
    expect(file.name).toBe("reference-720x1280.webp");
    expect(file.type).toBe("image/webp");
    expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(mediaPath("reference-720x1280.webp")))).toBe(true);
  });
});
