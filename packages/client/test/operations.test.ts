import { parameterDefaults, parameterEnums, schemaDefaults, schemaEnums } from "@tokenops/contract";
import { describe, expect, it } from "vitest";
import { operations, requestRules } from "../src/index.js";

describe("the generated operation table", () => {
  it("says which operations send multipart bodies, from the spec", () => {
    expect(operations.createVideo).toEqual({
      method: "POST",
      path: "/v1/videos",
      requestContentType: "multipart/form-data",
      encoding: { input_reference: ["image/jpeg", "image/png", "image/webp"] },
    });
    expect(operations.remixVideo.requestContentType).toBe("application/json");
    expect(operations.getVideoStatus.requestContentType).toBeNull();
  });

  it("carries the spec's enums for validation at run time", () => {
    expect(schemaEnums.CreateVideoFormRequest.size).toEqual(["720x1280", "1280x720"]);
    expect(schemaEnums.CreateVideoFormRequest.seconds).toEqual(["4", "8", "12"]);
    expect(parameterEnums.getVideoContent.variant).toEqual(["video", "thumbnail", "spritesheet"]);
    expect(schemaEnums.VideoStatus).toContain("queued");
  });

  it("carries the spec's numeric parameter ranges", () => {
    expect(requestRules.listVideos.query.limit).toEqual({ type: "integer", default: 20, minimum: 0, maximum: 100 });
    expect(parameterEnums.listVideos.order).toEqual(["asc", "desc"]);
  });

  it("carries the spec's defaults, so the client knows what the server will assume", () => {
    expect(schemaDefaults.CreateVideoFormRequest).toEqual({ size: "720x1280", seconds: "4" });
    expect(parameterDefaults.getVideoContent.variant).toBe("video");
  });
});
