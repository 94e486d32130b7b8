import { stripVTControlCharacters } from "node:util";
import type { Video } from "@tokenops/client";
import { describe, expect, it } from "vitest";
import { formatVideoTable } from "../src/video-table.js";
import { runCli, runOnTty, startStubServer } from "./helpers.js";

// Seedance's answers as TokenOps documents them: its own id, `in_queue`, no `progress` at all.
const answers = [
  { id: "cgt-20251110203910-nmfp7", object: "video", status: "in_queue" },
  { id: "cgt-20251110203910-nmfp7", object: "video", status: "processing" },
  {
    id: "cgt-20251110203910-nmfp7",
    object: "video",
    created_at: 1762778350,
    model: "doubao-seedance-1-0-pro-250528",
    status: "completed",
    usage: { completion_tokens: 246840, total_tokens: 246840 },
  },
];

/** A gateway that answers each poll with the next of `answers`, then the last one. */
function seedanceGateway() {
  let polls = 0;
  return startStubServer((_request, response) => {
    const body = answers[Math.min(polls++, answers.length - 1)];
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
}

const env = (url: string) => ({ TOKENOPS_BASE_URL: url, TOKENOPS_API_KEY: "test-key" });

describe("waiting on a family that sends no progress", () => {
  it("follows in_queue and processing as running, printing each status and the time waited, no percent", async () => {
    const gateway = await seedanceGateway();
    try {
      const result = await runCli(
        ["videos", "wait", "cgt-20251110203910-nmfp7", "--poll-interval", "1"],
        env(gateway.url),
      );
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stderr.split("\n").filter((line) => line.startsWith("cgt-"));
      expect(lines.map((line) => line.replace(/\(\d+\.\d+s\)$/, "(…)"))).toEqual([
        "cgt-20251110203910-nmfp7 in_queue (…)",
        "cgt-20251110203910-nmfp7 processing (…)",
        "cgt-20251110203910-nmfp7 completed (…)",
      ]);
      expect(result.stderr).not.toContain("%");
      expect(result.stdout).toContain("cgt-20251110203910-nmfp7  completed\n");
      expect(result.stdout).not.toContain("%");
    } finally {
      await gateway.close();
    }
  });

  it("draws the status and the time waited on a terminal, without a bar or a percent", async () => {
    const gateway = await seedanceGateway();
    try {
      const { code, screen } = await runOnTty(
        ["videos", "wait", "cgt-20251110203910-nmfp7", "--poll-interval", "1"],
        env(gateway.url),
      );
      expect(code, screen).toBe(0);
      const frames = screen.split("\u001b[1G").map((frame) => stripVTControlCharacters(frame));
      // Redrawn a few times a second, so which running status is drawn depends on timing; the last one is sure.
      expect(frames.some((frame) => /^completed \| waited +\d+s/.test(frame))).toBe(true);
      expect(frames.some((frame) => /%/.test(frame))).toBe(false);
    } finally {
      await gateway.close();
    }
  });
});

describe("listing a family's jobs", () => {
  it("shows its own status words and ids, and - for the progress, size and seconds it does not send", () => {
    const table = formatVideoTable(answers.slice(0, 1) as unknown as Video[], { width: 100, timeZone: "UTC" });
    expect(table.split("\n")[1]).toBe("cgt-20251110203910-nmfp7  in_queue  -         -        -      -     -        -");
  });
});
