import type { Video } from "@tokenops/client";
import { describe, expect, it } from "vitest";
import { displayWidth, formatVideoTable, truncate } from "../src/video-table.js";

const fox = {
  id: "video_fox",
  object: "video",
  status: "completed",
  progress: 100,
  created_at: 1_741_570_283,
  model: "sora-2",
  size: "1280x720",
  seconds: "4",
  prompt: "A red fox trotting through fresh snow at dawn, its breath in the cold air",
  completed_at: 1_741_570_300,
  expires_at: 1_741_573_900,
  error: null,
  remixed_from_video_id: null,
} satisfies Video;

describe("formatVideoTable", () => {
  it("lays out one row per video with a header, the created time readable in the given zone", () => {
    const table = formatVideoTable([fox], { width: 200, timeZone: "UTC" });
    expect(table.split("\n")).toEqual([
      "ID         STATUS     PROGRESS  CREATED              MODEL   SIZE      SECONDS  PROMPT",
      `video_fox  completed  100%      2025-03-10 01:31:23  sora-2  1280x720  4        ${fox.prompt}`,
      "",
    ]);
  });

  it("cuts the prompt so that every line fits the width", () => {
    const lines = formatVideoTable([fox], { width: 100, timeZone: "UTC" }).trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(100);
    expect(lines[1]).toMatch(/ A red fox trotting…$/);
  });

  it("prints a dash for every field a gateway sent as null or left out", () => {
    const bare = {
      id: "video_bare",
      object: "video",
      status: "queued",
      progress: null,
      model: null,
      size: null,
      seconds: null,
      prompt: null,
    } as unknown as Video;
    const [, row] = formatVideoTable([bare], { width: 120, timeZone: "UTC" }).split("\n");
    expect(row?.split(/\s{2,}/)).toEqual(["video_bare", "queued", "-", "-", "-", "-", "-", "-"]);
  });

  it("keeps a prompt with newlines and control characters on its row", () => {
    const table = formatVideoTable([{ ...fox, prompt: "line one\nline two\t\u001b[31mred" }], { width: 200 });
    expect(table.trimEnd().split("\n")).toHaveLength(2);
    expect(table).toContain("line one line two [31mred");
  });

  it("prints only the header for an empty page", () => {
    expect(formatVideoTable([], { width: 80 })).toBe("ID  STATUS  PROGRESS  CREATED  MODEL  SIZE  SECONDS  PROMPT\n");
  });
});

describe("truncate", () => {
  it("leaves a text that fits alone", () => {
    expect(truncate("a red fox", 9)).toBe("a red fox");
  });

  it("ends a cut text with an ellipsis, within the width", () => {
    expect(truncate("A red fox trotting through snow", 12)).toBe("A red fox t…");
  });

  it("counts wide characters as two columns and never splits one", () => {
    expect(displayWidth("雪中的狐狸")).toBe(10);
    expect(truncate("雪中的狐狸", 6)).toBe("雪中…");
    expect(displayWidth(truncate("雪中的狐狸", 6))).toBeLessThanOrEqual(6);
    expect(truncate("🦊🦊🦊 fox", 5)).toBe("🦊🦊…");
  });
});
