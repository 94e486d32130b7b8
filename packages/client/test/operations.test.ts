import { parameterDefaults, parameterEnums, schemaDefaults, schemaEnums } from "@tokenops/contract";
import { describe, expect, it } from "vitest";
import { operations, requestRules } from "../src/index.js";

describe("the generated operation table", () => {
  it("describes each operation from the spec: its method name, request encodings, response and x- facts", () => {
    expect(operations.createVideo).toEqual({
      operationId: "createVideo",
      name: "create",
      method: "POST",
      path: "/v1/videos",
      pathParams: [],
      query: false,
      body: "required",
      requestContentTypes: ["multipart/form-data", "application/json"],
      encoding: { input_reference: ["image/jpeg", "image/png", "image/webp"] },
      response: {
        status: 200,
        contentTypes: ["application/json"],
        json: true,
        schema: "VideoGenerationResponse",
        requiredField: "id",
      },
      mediaTypes: {},
      gatewayOptional: false,
      rules: requestRules.createVideo,
    });
    expect(operations.remixVideo.requestContentTypes).toEqual(["application/json"]);
    expect(operations.getVideoStatus.requestContentTypes).toEqual([]);
    expect(operations.getVideoContent.mediaTypes.variant).toEqual({
      video: "video/mp4",
      thumbnail: "image/webp",
      spritesheet: "image/jpeg",
    });
    expect(Object.values(operations).map((operation) => operation.name)).toEqual([
      "list",
      "create",
      "retrieve",
      "delete",
      "content",
      "remix",
    ]);
    expect([operations.listVideos.gatewayOptional, operations.deleteVideo.gatewayOptional]).toEqual([true, true]);
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
