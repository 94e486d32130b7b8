import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenOpsValidationError } from "../../src/index.js";
import { fileFromPath } from "../../src/node/index.js";
import { json, reference, testClient, video } from "../helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tokenops-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("fileFromPath", () => {
  it("makes a File named after the path, typed by its extension", async () => {
    const bytes = reference("720x1280");
    for (const [name, type] of [
      ["frame.png", "image/png"],
      ["frame.JPG", "image/jpeg"],
      ["frame.jpeg", "image/jpeg"],
      ["frame.webp", "image/webp"],
    ]) {
      const path = join(dir, name as string);
      await writeFile(path, bytes);
      const file = await fileFromPath(path);
      expect(file).toBeInstanceOf(File);
      expect([file.name, file.type, file.size]).toEqual([name, type, bytes.length]);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    }
  });

  it("refuses an unknown extension unless a type is given", async () => {
    const path = join(dir, "frame.gif");
    await writeFile(path, reference("720x1280"));
    const error = await fileFromPath(path).catch((e) => e);
    expect(error).toBeInstanceOf(TokenOpsValidationError);
    expect(error.field).toBe("path");
    expect(error.message).toContain("frame.gif");
    expect(error.message).toContain(".jpg, .jpeg, .png or .webp");
    expect((await fileFromPath(path, { type: "image/png" })).type).toBe("image/png");
  });

  it("says clearly when the file is missing or is not a file", async () => {
    await expect(fileFromPath(join(dir, "missing.png"))).rejects.toThrow(/missing\.png.*no such file/);
    await expect(fileFromPath(join(dir, "missing.png"))).rejects.toBeInstanceOf(TokenOpsValidationError);
    const folder = join(dir, "folder.png");
    await import("node:fs/promises").then((fs) => fs.mkdir(folder));
    await expect(fileFromPath(folder)).rejects.toThrow(/folder\.png.*not a file/);
  });

  it("uploads as input_reference with its name and type", async () => {
    const path = join(dir, "first-frame.png");
    await writeFile(path, reference("1280x720"));
    const { client, requests } = testClient(() => json(video()));
    await client.videos.create({
      model: "sora-2",
      prompt: "x",
      size: "1280x720",
      input_reference: await fileFromPath(path),
    });
    const sent = (await requests[0]?.formData())?.get("input_reference") as File;
    expect([sent.name, sent.type, sent.size]).toEqual(["first-frame.png", "image/png", reference("1280x720").length]);
  });
});
