import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnTty, tempDir } from "./helpers.js";

let server: MockServer;

beforeAll(async () => {
  // A manual clock: the job moves on when the terminal has shown where it is, however slow the machine.
  server = await startMockServer({ host: "127.0.0.1", timeScale: 0 });
});
afterAll(() => server.close());

describe("progress on a TTY", () => {
  it("draws a live bar with percent, status and elapsed time, then a byte bar for the download", async () => {
    const dir = tempDir();
    try {
      const output = join(dir.path, "tty.mp4");
      let shown = "";
      const { code, screen } = await runOnTty(
        [
          "videos",
          "create",
          "--model",
          "sora-2",
          "--prompt",
          "a fox",
          "--size",
          "1280x720",
          "--output",
          output,
          "--poll-interval",
          "50",
        ],
        { TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: "test-key" },
        (screen) => {
          if (shown === "" && screen.includes("| queued |")) {
            shown = "queued";
            server.advance(3_000); // 1 s queued, then 2 s of the 4 s in progress
          } else if (shown === "queued" && screen.includes("| in_progress |")) {
            shown = "in_progress";
            server.advance(2_000);
          }
        },
      );
      expect(code, screen).toBe(0);
      const id = server.videos.list().at(-1)?.video.id as string;
      expect(screen).toContain(`Waiting for ${id}`);
      // cli-progress hides the cursor and redraws one line in place (ESC[1G: back to column 1).
      expect(screen).toContain("\u001b[?25l");
      const frames = screen.split("\u001b[1G").map((frame) => stripVTControlCharacters(frame));
      expect(frames.some((frame) => /^[\u2588\u2591]{30} +50% \| in_progress \| +\d+s/.test(frame))).toBe(true);
      expect(frames.some((frame) => /^\u2588{30} 100% \| completed \| +\d+s/.test(frame))).toBe(true);
      expect(screen).toContain(`Downloading video → ${output}`);
      expect(frames.some((frame) => /^\u2588{30} 100% \| [\d.]+ kB of [\d.]+ kB \| +\d+s/.test(frame))).toBe(true);
      expect(screen).toContain(`Saved ${output} (1280x720, 4.00 s`);
    } finally {
      dir.remove();
    }
  });

  it("Ctrl-C typed on the terminal stops the wait, restores the cursor and prints the resume command (exit 130)", async () => {
    const slow = await startMockServer({ host: "127.0.0.1", timeScale: 0 }); // the job stays queued
    try {
      let typed = false;
      const { code, screen } = await runOnTty(
        ["videos", "create", "--model", "sora-2", "--prompt", "a fox", "--wait", "--poll-interval", "50"],
        { TOKENOPS_BASE_URL: slow.url, TOKENOPS_API_KEY: "test-key" },
        (shown, type) => {
          if (!typed && shown.includes("| queued |")) {
            typed = true;
            type("\u0003"); // the terminal turns it into SIGINT for the foreground process
          }
        },
      );
      const id = slow.videos.list()[0]?.video.id as string;
      expect(code, screen).toBe(130);
      expect(screen).toContain("\u001b[?25h"); // the cursor is shown again
      expect(screen).toContain(`Interrupted. Video ${id} is still being made on the server.`);
      expect(screen).toContain(`Resume with: tokenops videos wait ${id}`);
      expect(slow.videos.get(id)?.video.status).toBe("queued");
    } finally {
      await slow.close();
    }
  });
});
