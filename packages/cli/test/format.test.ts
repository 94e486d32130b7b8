import type { Video } from "@tokenops/client";
import { describe, expect, it } from "vitest";
import { formatVideo } from "../src/output.js";
import { formatBytes } from "../src/progress.js";
import { shellQuote } from "../src/resume.js";

describe("formatVideo", () => {
  it("shows the fields the server sent, with times as ISO dates", () => {
    const video = {
      id: "video_1",
      object: "video",
      status: "failed",
      progress: 40,
      model: "sora-2",
      size: "1280x720",
      seconds: "4",
      created_at: 1_741_570_283,
      completed_at: null,
      error: { code: "moderation_blocked", message: "Blocked" },
    } satisfies Video;
    expect(formatVideo(video)).toBe(
      [
        "video_1  failed  40%",
        "  model        sora-2",
        "  size         1280x720",
        "  seconds      4",
        "  created      2025-03-10T01:31:23.000Z",
        "  error        moderation_blocked: Blocked",
        "",
      ].join("\n"),
    );
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [34_500, "34.5 kB"],
    [1_250_000, "1.3 MB"],
    [3_000_000_000, "3.0 GB"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("shellQuote", () => {
  it("leaves plain arguments alone and quotes the rest so they paste into a shell", () => {
    expect(shellQuote("out/fox-1.mp4")).toBe("out/fox-1.mp4");
    expect(shellQuote("my fox.mp4")).toBe("'my fox.mp4'");
    expect(shellQuote("it's.mp4")).toBe("'it'\\''s.mp4'");
  });
});
