import { describe, expectTypeOf, it } from "vitest";
import type { CreateVideoParams } from "../../src/index.js";
import { type PreparedCreate, prepareCreate } from "../../src/models/index.js";

describe("CreateVideoParams, typed per model family", () => {
  it("gives a known model its family's native fields plus the common params, and nothing else", () => {
    const seedance: CreateVideoParams<"doubao-seedance-2-0-260128"> = {
      model: "doubao-seedance-2-0-260128",
      content: [{ type: "text", text: "a cat" }],
      duration: 5,
      ratio: "16:9",
      generate_audio: true,
      camera_fixed: false,
    };
    const common: CreateVideoParams<"doubao-seedance-1-0-pro-250528"> = {
      model: "doubao-seedance-1-0-pro-250528",
      prompt: "a cat",
      seconds: 5,
      image: "https://example.com/first.png",
      lastFrame: new Blob([]),
      resolution: "1080p",
      audio: false,
    };
    const jimeng: CreateVideoParams<"jimeng-video-3.0-720P"> = {
      model: "jimeng-video-3.0-720P",
      prompt: "a cat",
      req_key: "jimeng_t2v_v30",
      frames: 241,
    };
    const hailuo: CreateVideoParams<"MiniMax-Hailuo-2.3"> = {
      model: "MiniMax-Hailuo-2.3",
      prompt: "a cat",
      seconds: "10",
      resolution: "768P",
    };
    const excess: CreateVideoParams<"doubao-seedance-2-0-260128"> = {
      model: "doubao-seedance-2-0-260128",
      prompt: "a cat",
      // @ts-expect-error Seedance has no req_key (Jimeng's field)
      req_key: "jimeng_t2v_v30",
    };
    const badRatio: CreateVideoParams<"doubao-seedance-2-0-260128"> = {
      model: "doubao-seedance-2-0-260128",
      prompt: "a cat",
      // @ts-expect-error Seedance's ratio values only
      ratio: "5:4",
    };
    const badSeconds: CreateVideoParams<"MiniMax-Hailuo-02"> = {
      model: "MiniMax-Hailuo-02",
      prompt: "a cat",
      // @ts-expect-error Hailuo takes "6" or "10"
      seconds: "8",
    };
    // @ts-expect-error Jimeng needs a prompt
    const noPrompt: CreateVideoParams<"jimeng-video-3.0-pro"> = { model: "jimeng-video-3.0-pro" };
    const soraUrl: CreateVideoParams<"sora-2"> = {
      model: "sora-2",
      prompt: "a cat",
      // @ts-expect-error Sora-2 takes a file as its first frame, not a URL
      image: "https://example.com/a.png",
    };
    // @ts-expect-error an unknown field on Sora-2
    const soraExcess: CreateVideoParams<"sora-2"> = { model: "sora-2", prompt: "a cat", duration: 5 };
    void [seedance, common, jimeng, hailuo, excess, badRatio, badSeconds, noPrompt, soraUrl, soraExcess];
  });

  it("takes a model typed string (from a config) with any fields when no model is named", () => {
    const model: string = "kling-v2";
    const fromConfig: CreateVideoParams = { model, prompt: "a cat", mode: "pro" };
    const sora: CreateVideoParams = { model: "sora-2", prompt: "a cat", size: "1280x720" };
    void [fromConfig, sora];
  });

  it("types a newer id of a known family by its prefix, and takes any fields for a model of no known family", () => {
    const newer: CreateVideoParams<"MiniMax-Hailuo-2.5"> = { model: "MiniMax-Hailuo-2.5", prompt: "a cat", seconds: 6 };
    const newerExcess: CreateVideoParams<"MiniMax-Hailuo-2.5"> = {
      model: "MiniMax-Hailuo-2.5",
      prompt: "x",
      // @ts-expect-error still Hailuo's fields only
      mode: "pro",
    };
    const other: CreateVideoParams<"kling-v2"> = { model: "kling-v2", prompt: "a cat", mode: "pro", cfg_scale: 0.5 };
    void [newer, newerExcess, other];
  });

  it("infers the model in prepareCreate: precise for a known family, open for another", () => {
    void prepareCreate({ model: "doubao-seedance-1-5-pro-251215", prompt: "a cat", seconds: 5, audio: true });
    void prepareCreate({ model: "kling-v2", prompt: "a cat", mode: "pro" });
    // @ts-expect-error Jimeng has no generate_audio
    void prepareCreate({ model: "jimeng-video-3.0-pro", prompt: "a cat", generate_audio: true });
    // @ts-expect-error Seedance's duration is a number
    void prepareCreate({ model: "doubao-seedance-2-0-260128", prompt: "a cat", duration: "5" });
    expectTypeOf<Awaited<ReturnType<typeof prepareCreate>>>().toEqualTypeOf<PreparedCreate>();
  });
});
