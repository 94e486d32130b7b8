import { describe, expect, it } from "vitest";
import { TokenOpsValidationError, toFile } from "../src/index.js";
import { reference } from "./helpers.js";

describe("toFile", () => {
  const bytes = reference("720x1280");

  it("names a Uint8Array, taking the type from the extension", async () => {
    const file = await toFile(bytes, "frame.png");
    expect(file).toBeInstanceOf(File);
    expect([file.name, file.type, file.size]).toEqual(["frame.png", "image/png", bytes.length]);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it("takes an ArrayBuffer, a Blob and a Response", async () => {
    const fromBuffer = await toFile(bytes.slice().buffer, "a.jpeg");
    expect(fromBuffer.type).toBe("image/jpeg");
    const fromBlob = await toFile(new Blob([bytes], { type: "image/webp" }), "a.bin");
    expect(fromBlob.type).toBe("image/webp");
    const fromResponse = await toFile(new Response(bytes, { headers: { "content-type": "image/png" } }), "remote");
    expect([fromResponse.name, fromResponse.type, fromResponse.size]).toEqual(["remote", "image/png", bytes.length]);
  });

  it("prefers an explicit type, and the name over a generic octet-stream", async () => {
    expect((await toFile(bytes, "frame.png", { type: "image/webp" })).type).toBe("image/webp");
    const stored = new Response(bytes, { headers: { "content-type": "application/octet-stream" } });
    expect((await toFile(stored, "frame.JPG")).type).toBe("image/jpeg");
  });

  it("leaves the type empty when nothing says it (validation refuses it later)", async () => {
    expect((await toFile(bytes, "frame")).type).toBe("");
  });

  it("refuses a missing name", async () => {
    await expect(toFile(bytes, "")).rejects.toBeInstanceOf(TokenOpsValidationError);
  });
});
