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

  // Real ids are 54 characters: "video_" and 48 hex digits.
  const longId = (n: number) => `video_68d2c0a1${String(n).padStart(40, "0")}`;
  const jobs = [
    { ...fox, id: longId(1), status: "in_progress", progress: 40, seconds: "12", model: "sora-2-pro" },
    { ...fox, id: longId(2), status: "failed", progress: 50, prompt: "A lighthouse at dusk, waves breaking" },
    { ...fox, id: longId(3), status: "queued", progress: undefined } as unknown as Video,
  ] as Video[];

  it("fits an 80-column terminal with 54-character ids: ids whole, each prompt whole on a line of its own", () => {
    const lines = formatVideoTable(jobs, { width: 80, timeZone: "UTC" }).trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines).toEqual([
      `ID${" ".repeat(54)}STATUS       PROG`,
      `${longId(1)}  in_progress  40%`,
      `  ${fox.prompt}`,
      `${longId(2)}  failed       -`,
      "  A lighthouse at dusk, waves breaking",
      `${longId(3)}  queued       -`,
      `  ${fox.prompt}`,
    ]);
  });

  it("shortens before it leaves out: at 120 columns the created time loses year and seconds, headers shorten", () => {
    const lines = formatVideoTable(jobs, { width: 120, timeZone: "UTC" }).trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(120);
    expect(lines[0]?.split(/\s{2,}/)).toEqual(["ID", "STATUS", "PROG", "CREATED", "MODEL", "PROMPT"]);
    expect(lines[1]?.split(/\s{2,}/)).toEqual([
      longId(1),
      "in_progress",
      "40%",
      "03-10 01:31",
      "sora-2-pro",
      "A red fox trotting…",
    ]);
  });

  it("lays the whole table out when the terminal has room", () => {
    const lines = formatVideoTable(jobs, { width: 220, timeZone: "UTC" }).trimEnd().split("\n");
    expect(lines[0]?.split(/\s{2,}/)).toEqual([
      "ID",
      "STATUS",
      "PROGRESS",
      "CREATED",
      "MODEL",
      "SIZE",
      "SECONDS",
      "PROMPT",
    ]);
    expect(lines[1]).toContain("2025-03-10 01:31:23  sora-2-pro  1280x720  12");
  });

  it("shows - for the progress of a failed job and of a job without progress", () => {
    const lines = formatVideoTable(jobs, { width: 220, timeZone: "UTC" }).trimEnd().split("\n");
    expect(lines[2]?.split(/\s{2,}/).slice(0, 3)).toEqual([longId(2), "failed", "-"]);
    expect(lines[3]?.split(/\s{2,}/).slice(0, 3)).toEqual([longId(3), "queued", "-"]);
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
