import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { type Browser, chromium } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readMp4Info } from "../src/mp4-info.js";
import { MEDIA, runCli, runOnTty, startCli, tempDir } from "./helpers.js";

const API_KEY = "sk-batch-test-5e2d";
let server: MockServer;
let dir: ReturnType<typeof tempDir>;
const fast = ["--poll-interval", "20"];
const env = () => ({ TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: API_KEY });

beforeAll(async () => {
  // 10x: a job runs 500 ms of real time.
  server = await startMockServer({ host: "127.0.0.1", timeScale: 10, apiKey: API_KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  dir = tempDir();
});
afterEach(() => dir.remove());

/** Writes an input file in the test's folder and returns its path. */
function input(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

/** Resolves once the batch's --json events have named `count` different jobs. */
function untilJobs(child: ChildProcess, count: number): Promise<void> {
  const ids = new Set<string>();
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.once("close", () => reject(new Error(`the batch ended after ${ids.size} jobs`)));
    child.stdout?.on("data", (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const event = JSON.parse(line) as { item?: { video_id?: string } };
        if (event.item?.video_id) ids.add(event.item.video_id);
      }
      if (ids.size >= count) resolve();
    });
  });
}

const jsonl = (...rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n");
const summaryOf = (out: string) =>
  JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Record<string, unknown>[];
const journalOf = (out: string) =>
  readFileSync(join(out, "journal.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; name?: string; video_id?: string; key?: string });

describe("videos batch: the input", () => {
  it("reports every problem with its line and field, and sends nothing (exit 2)", async () => {
    copyFileSync(`${MEDIA}reference-720x1280.png`, join(dir.path, "portrait.png"));
    const path = input(
      "shots.jsonl",
      [
        jsonl({ prompt: "a fox", name: "fox" }),
        jsonl({ name: "no prompt" }),
        jsonl({ prompt: "a wide fox", size: "999x999" }),
        "{not json",
        jsonl({ prompt: "typo", sizes: "1280x720" }),
        jsonl({ prompt: "again", name: "FOX" }),
        jsonl({ prompt: "escape", name: "../up" }),
        jsonl({ prompt: "frame", size: "1280x720", input_reference: "portrait.png" }),
        jsonl({ prompt: "lost frame", input_reference: "missing.png" }),
        jsonl({ prompt: "long", seconds: 5 }),
      ].join("\n"),
    );
    const result = await runCli(["videos", "batch", path, "--model", "sora-2", "--out", join(dir.path, "out")], env());
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith("  line "));
    expect(lines.map((line) => /^ {2}line (\d+): (\S+):/.exec(line)?.slice(1).join(" "))).toEqual([
      "2 prompt",
      "3 size",
      "4 line",
      "5 sizes",
      "6 name",
      "7 name",
      "8 input_reference",
      "9 input_reference",
      "10 seconds",
    ]);
    expect(result.stderr).toContain("9 problems");
    expect(result.stderr).toContain('line 6: name: name "FOX" is already used by line 1.');
    expect(result.stderr).toContain("line 8: input_reference: got 720x1280 pixels; expected 1280x720 pixels");
    expect(result.stderr).toContain("nothing was sent");
    expect(server.requests).toHaveLength(0);
    expect(existsSync(join(dir.path, "out"))).toBe(false);
  });

  it("reads CSV with a header row: quoted prompts, names, references beside the file", async () => {
    copyFileSync(`${MEDIA}reference-1280x720.jpg`, join(dir.path, "frame.jpg"));
    const path = input(
      "shots.csv",
      [
        "name,Prompt,size,seconds,input_reference",
        'dawn,"A lighthouse at dawn, waves ""crashing""",1280x720,4,frame.jpg',
        ',"A boat\non two lines",,,',
      ].join("\n"),
    );
    const out = join(dir.path, "out");
    const result = await runCli(["videos", "batch", path, "--model", "sora-2", "--out", out, ...fast], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Done: 2 of 2 completed, 0 failed. Contact sheet: ${out}/index.html`);
    const jobs = server.videos.list();
    // multipart/form-data sends a field's line breaks as CRLF.
    expect(jobs.map((job) => job.prompt.replace(/\r\n/g, "\n")).sort()).toEqual([
      "A boat\non two lines",
      'A lighthouse at dawn, waves "crashing"',
    ]);
    expect(jobs.find((job) => job.prompt.startsWith("A lighthouse"))?.input_reference).toMatchObject({ width: 1280 });
    // An unnamed item is named after its line, zero-padded.
    expect(readdirSync(out).sort()).toEqual([
      "0004.mp4",
      "0004.webp",
      "dawn.mp4",
      "dawn.webp",
      "index.html",
      "journal.jsonl",
      "summary.json",
    ]);
    expect(await readMp4Info(join(out, "dawn.mp4"))).toMatchObject({ width: 1280, height: 720, duration: 4 });
    expect(summaryOf(out)).toEqual([
      expect.objectContaining({ line: 2, name: "dawn", status: "completed", file: "dawn.mp4", size: "1280x720" }),
      expect.objectContaining({ line: 4, name: "0004", status: "completed", thumbnail: "0004.webp", error: null }),
    ]);
    // Without a TTY: one plain line per change of an item.
    expect(result.stderr).toMatch(/\[0\/2\] dawn \(line 2\): created video_\w+ \(queued\)/);
    expect(result.stderr).toMatch(/\[2\/2\] \w+ \(line \d\): saved \w+\.mp4, \w+\.webp/);
  });
});

describe("videos batch: any model per line", () => {
  it("checks each line against its own model's rules, and the batch's --model for lines without one", async () => {
    const path = input(
      "mixed.jsonl",
      [
        jsonl({ model: "MiniMax-Hailuo-2.3", prompt: "a fox", seconds: 8 }),
        jsonl({ model: "MiniMax-Hailuo-2.3", prompt: "a fox", watermark: false }),
        jsonl({ model: "doubao-seedance-2-0-fast-260128", prompt: "a boat", resolution: "1080p" }),
        jsonl({ model: "jimeng-video-3.0-pro", prompt: "a lighthouse", frames: 241, seconds: 10 }),
        jsonl({ prompt: "no model" }),
        jsonl({ model: "MiniMax-Hailuo-2.3", prompt: "a fox", seconds: 10, typo: 1 }),
      ].join("\n"),
    );
    const result = await runCli(["videos", "batch", path, "--out", join(dir.path, "out")], env());
    expect(result.code, result.stderr).toBe(2);
    const stderr = result.stderr.replace(/\s+/g, " ");
    expect(stderr).toMatch(/line 1: seconds: (for MiniMax-Hailuo-2\.3: )?got "?8"?; expected one of 6, 10/);
    expect(stderr).toContain(
      "line 2: watermark: is a field of Doubao Seedance; MiniMax-Hailuo-2.3 is a MiniMax Hailuo model",
    );
    expect(stderr).toMatch(/line 3: resolution: .*480p, 720p/);
    expect(stderr).toContain("line 5: model: missing; give each line a model, or --model for the lines without");
    // The columns come from the create schemas and the common parameters, not a hand list.
    expect(stderr).toContain(
      "line 6: typo: unknown field; the fields are name, model, prompt, seconds, image, lastFrame",
    );
    expect(stderr).toContain("prompt_optimizer");
    expect(stderr).not.toContain("line 4:");
    expect(server.requests).toHaveLength(0);
  });

  it("finishes a batch of mixed models against the mock: one MP4 of each line's length", async () => {
    const path = input(
      "mixed.csv",
      [
        "name,model,prompt,seconds,resolution,ratio,watermark",
        "fox,MiniMax-Hailuo-2.3,a red fox,10,768P,,",
        "boat,doubao-seedance-1-0-pro-250528,a paper boat,5,720p,16:9,false",
        "lighthouse,jimeng-video-3.0-720P,a lighthouse,5,,9:16,",
        "owl,sora-2,an owl,4,,16:9,",
      ].join("\n"),
    );
    const out = join(dir.path, "out");
    const result = await runCli(["videos", "batch", path, "--out", out, ...fast], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Done: 4 of 4 completed, 0 failed. Contact sheet: ${out}/index.html`);
    expect(summaryOf(out).map((item) => [item.name, item.model, item.status])).toEqual([
      ["fox", "MiniMax-Hailuo-2.3", "completed"],
      ["boat", "doubao-seedance-1-0-pro-250528", "completed"],
      ["lighthouse", "jimeng-video-3.0-720P", "completed"],
      ["owl", "sora-2", "completed"],
    ]);
    for (const [name, seconds] of [
      ["fox", 10],
      ["boat", 5],
      ["lighthouse", 5],
      ["owl", 4],
    ] as const) {
      expect((await readMp4Info(join(out, `${name}.mp4`)))?.duration).toBeCloseTo(seconds, 0);
    }
  });
});

describe("videos batch: running", () => {
  it("records a failed job, goes on, exits 3; --retry-failed makes it again with a new job", async () => {
    const path = input(
      "shots.jsonl",
      jsonl({ prompt: "a fox" }, { prompt: "doomed [mock: fail;code=moderation_blocked]" }),
    );
    const out = join(dir.path, "out");
    const first = await runCli(["videos", "batch", path, "--model", "sora-2", "--out", out, ...fast], env());
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain("1 item failed");
    expect(first.stderr).toContain("0002: The video could not be generated. (moderation_blocked)");
    expect(first.stderr).toContain(
      `Create them again with: tokenops videos batch ${path} --out ${out} --model sora-2 --poll-interval 20 --retry-failed`,
    );
    expect(summaryOf(out)[1]).toMatchObject({ status: "failed", error: { code: "moderation_blocked" } });
    expect(server.videos.size).toBe(2);

    const again = await runCli(["videos", "batch", path, "--model", "sora-2", "--out", out, ...fast], env());
    expect(again.code).toBe(3);
    expect(server.videos.size).toBe(2);

    const retried = await runCli(
      ["videos", "batch", path, "--model", "sora-2", "--out", out, ...fast, "--retry-failed"],
      env(),
    );
    expect(retried.code).toBe(3);
    expect(server.videos.size).toBe(3);
    const keys = journalOf(out).filter((record) => record.type === "key" && record.name === "0002");
    expect(new Set(keys.map((record) => record.key)).size).toBe(2);
  });

  it("on a TTY: a total bar (done, running, queued, failed, ETA) and a line per running job", async () => {
    const path = input("shots.jsonl", jsonl(...Array.from({ length: 4 }, (_, i) => ({ prompt: `fox ${i + 1}` }))));
    // A frozen clock: a job finishes only when the test completes it, right after the terminal has
    // shown it running — that job alone, so a job created but not yet drawn stays running.
    const frozen = await startMockServer({ host: "127.0.0.1", timeScale: 0, apiKey: API_KEY });
    const shown = new Set<string>();
    const toFinish = new Set<string>();
    const { code, screen } = await runOnTty(
      ["videos", "batch", path, "--model", "sora-2", "--out", join(dir.path, "out"), "--concurrency", "2", ...fast],
      { ...env(), TOKENOPS_BASE_URL: frozen.url },
      (screen) => {
        for (const [, name] of stripVTControlCharacters(screen).matchAll(/\| (000\d) \| (?:queued|in_progress)/g)) {
          if (name !== undefined && !shown.has(name)) {
            shown.add(name);
            toFinish.add(name);
          }
        }
        // A line can be drawn before its create has reached the mock; it finishes on a later redraw.
        for (const name of toFinish) {
          const job = frozen.videos.list().find((each) => each.prompt === `fox ${Number(name)}`);
          if (job !== undefined) {
            toFinish.delete(name);
            frozen.videos.complete(job.video.id);
          }
        }
      },
    ).finally(() => frozen.close());
    const text = stripVTControlCharacters(screen);
    expect(code, text).toBe(0);
    expect([...shown].sort()).toEqual(["0001", "0002", "0003", "0004"]);
    expect(text).toMatch(/\d\/4 \| \d done \| \d running \| \d queued \| 0 failed \| ETA/);
    expect(text).toContain("4/4 | 4 done | 0 running | 0 queued | 0 failed");
    expect(text).toMatch(/\d+% \| 000\d \| (queued|in_progress)/);
  });

  it("stops at an API error that every create would meet (a 401), exits 1 and says how to resume", async () => {
    const path = input("shots.jsonl", jsonl({ prompt: "a fox" }, { prompt: "an owl" }));
    const out = join(dir.path, "out");
    const result = await runCli(
      ["videos", "batch", path, "--model", "sora-2", "--out", out, "--concurrency", "1", ...fast],
      {
        ...env(),
        TOKENOPS_API_KEY: "sk-not-this-one",
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 401");
    expect(result.stderr).toContain(`The journal in ${out} holds every job made so far.`);
    expect(result.stderr).toContain(
      `Resume with: tokenops videos batch ${path} --out ${out} --model sora-2 --concurrency 1`,
    );
    expect(result.stderr).not.toContain("sk-not-this-one");
    expect(server.videos.size).toBe(0);
    expect(summaryOf(out).map((entry) => entry.status)).toEqual(["waiting", "waiting"]);
  });

  it("--json prints one JSON event per line on stdout, from start to end", async () => {
    const path = input("shots.jsonl", jsonl({ prompt: "a fox" }, { prompt: "an owl" }));
    const result = await runCli(
      ["videos", "batch", path, "--model", "sora-2", "--out", join(dir.path, "out"), "--json", ...fast],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; item?: { state: string } });
    expect(events[0]).toMatchObject({ type: "start", total: 2, waiting: 2 });
    expect(events.at(-1)).toMatchObject({ type: "end", completed: 2, failed: 0, interrupted: false });
    expect(events.filter((event) => event.item?.state === "completed")).toHaveLength(2);
  });

  it("Ctrl-C stops creating, prints the command that resumes and exits 130; resuming makes no job twice", async () => {
    const path = input("shots.jsonl", jsonl(...Array.from({ length: 6 }, (_, i) => ({ prompt: `fox ${i + 1}` }))));
    const out = join(dir.path, "out");
    const args = ["videos", "batch", path, "--model", "sora-2", "--out", out, "--concurrency", "2", "--json", ...fast];
    // A manual clock: no job finishes before Ctrl-C, so at most two exist then, however slow the machine.
    const frozen = await startMockServer({ host: "127.0.0.1", timeScale: 0, apiKey: API_KEY });
    const connection = { ...env(), TOKENOPS_BASE_URL: frozen.url };
    try {
      const cli = startCli(args, connection);
      await cli.waitForOutput(/"state":"running"/);
      cli.child.kill("SIGINT");
      const stopped = await cli.done;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain(
        `Resume with: tokenops videos batch ${path} --out ${out} --model sora-2 --concurrency 2 --poll-interval 20 --json`,
      );
      expect(stopped.stderr).not.toContain(API_KEY);
      const made = frozen.videos.size;
      expect(made).toBeGreaterThanOrEqual(1);
      expect(made).toBeLessThanOrEqual(2);
      // Every job made is in the journal, after its key.
      const records = journalOf(out);
      for (const job of frozen.videos.list()) {
        const created = records.findIndex((record) => record.type === "created" && record.video_id === job.video.id);
        const keyed = records.findIndex((record) => record.type === "key" && record.key === job.idempotency_key);
        expect(keyed).toBeGreaterThanOrEqual(0);
        expect(created).toBeGreaterThan(keyed);
      }

      // Resumed, each event the batch prints moves the clock a whole job on: a job made is followed by its
      // event, so every job finishes.
      const resume = startCli(args, connection);
      resume.child.stdout?.on("data", () => frozen.advance(5_000));
      const resumed = await resume.done;
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(frozen.videos.size).toBe(6);
      expect(summaryOf(out).every((entry) => entry.status === "completed")).toBe(true);
    } finally {
      await frozen.close();
    }
  });
});

describe("videos batch --mock", () => {
  it("Ctrl-C: the hints carry --mock and say that the jobs being made died with the embedded mock; pasted, they do what they say", async () => {
    const path = input("shots.jsonl", jsonl({ prompt: "a fox" }, { prompt: "an owl" }));
    const out = join(dir.path, "out");
    const args = ["videos", "batch", path, "--model", "sora-2", "--out", out, "--concurrency", "1", "--mock", "--json"];
    const cli = startCli(args);
    await cli.waitForOutput(/"state":"running"/);
    cli.child.kill("SIGINT");
    const stopped = await cli.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    const lost = Number(/\((\d+) (?:was|were) being made in the embedded mock\)/.exec(stopped.stderr)?.[1]);
    expect(lost).toBe(1);
    const command = `tokenops videos batch ${path} --out ${out} --model sora-2 --concurrency 1 --mock --json`;
    expect(stopped.stderr).toContain(`Resume with: ${command}\n`);
    expect(stopped.stderr).toContain(
      "The embedded mock (--mock) stopped with this command, and the 1 job it was making with it",
    );
    expect(stopped.stderr).toContain("records those jobs failed (404, unknown to the new mock)");
    expect(stopped.stderr).toContain(`  ${command} --retry-failed\n`);
    expect(stopped.stderr).not.toContain("this job");

    // Pasted as printed: the lost job is recorded failed with a 404, the other item is made.
    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stderr).not.toContain("no API key");
    expect(summaryOf(out).map((entry) => entry.status)).toEqual(["failed", "completed"]);
    expect(summaryOf(out)[0]).toMatchObject({ error: { status: 404 } });
    expect(resumed.stderr).toContain(`Create them again with: ${command} --retry-failed`);

    const retried = await runCli([...args, "--retry-failed"]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(summaryOf(out).map((entry) => entry.status)).toEqual(["completed", "completed"]);
  });
});

describe("videos batch against a mock in another process", () => {
  let mock: ChildProcess;
  let url: string;
  const stats = async () => {
    mock.send("stats");
    const [message] = (await once(mock, "message")) as [{ jobs: { id: string; key: string }[]; creates: number[] }];
    return message;
  };
  const start = async (options: object) => {
    mock = fork(new URL("./fixtures/mock-process.mjs", import.meta.url), [JSON.stringify(options)]);
    url = ((await once(mock, "message")) as [{ url: string }])[0].url;
  };
  afterEach(() => {
    if (mock?.connected) mock.disconnect();
  });

  it("survives kill -9: the resumed batch removes partial files, loses no item and makes no job twice", async () => {
    // Each job lasts 1 s of real time; at most 3 unfinished jobs per key, and the batch asks for 4.
    await start({ timeScale: 5, scenarios: ["concurrency-limit;max=3"] });
    const count = 8;
    const path = input("shots.jsonl", jsonl(...Array.from({ length: count }, (_, i) => ({ prompt: `shot ${i + 1}` }))));
    const out = join(dir.path, "out");
    const args = ["videos", "batch", path, "--model", "sora-2", "--out", out, "--concurrency", "4", "--json", ...fast];
    const connection = { TOKENOPS_BASE_URL: url, TOKENOPS_API_KEY: "any-key" };
    const cli = startCli(args, connection);
    // The kill comes once three jobs exist (their ids are journaled before the event), whatever the time.
    await untilJobs(cli.child, 3);
    expect(journalOf(out).filter((record) => record.type === "created").length).toBeGreaterThanOrEqual(3);
    cli.child.kill("SIGKILL");
    expect((await cli.done).signal).toBe("SIGKILL");
    // What a kill in the middle of a download leaves: a temporary file beside the video.
    writeFileSync(join(out, ".0003.mp4.6f1d2c.part"), "the first bytes of a video");

    const resumed = await runCli(args, connection);
    expect(resumed.code, resumed.stderr).toBe(0);
    const { jobs, creates } = await stats();
    // No duplicate: one job per item, each under a key the journal recorded.
    expect(jobs).toHaveLength(count);
    const summary = summaryOf(out);
    expect(summary.map((entry) => entry.status)).toEqual(Array(count).fill("completed"));
    expect(new Set(summary.map((entry) => entry.video_id))).toEqual(new Set(jobs.map((job) => job.id)));
    expect(readdirSync(out).filter((name) => name.endsWith(".part"))).toEqual([]);
    for (const entry of summary) expect(await readMp4Info(join(out, entry.file as string))).toBeDefined();
    // The limit was met with 429s, which the batch reported, never as a failure.
    expect(creates.filter((status) => status === 200)).toHaveLength(count);
    expect(creates.every((status) => status === 200 || status === 429)).toBe(true);
  });

  it("`tokenops mock --scenario concurrency-limit;max=1`: the batch backs off and reports the 429s", async () => {
    // A job lasts 1 s of real time: the batch's three creates go out together, and the second and third meet the
    // first one unfinished even when a busy machine stalls the mock for a few hundred milliseconds.
    const mockCli = startCli(["mock", "--port", "0", "--time-scale", "5", "--scenario", "concurrency-limit;max=1"]);
    await mockCli.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const mockUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mockCli.output())?.[1] as string;
    expect(mockCli.output()).toContain("Scenarios for every request: concurrency-limit;max=1");
    try {
      const path = input("shots.jsonl", jsonl({ prompt: "a" }, { prompt: "b" }, { prompt: "c" }));
      const result = await runCli(
        ["videos", "batch", path, "--model", "sora-2", "--out", join(dir.path, "out"), "--concurrency", "3", ...fast],
        {
          TOKENOPS_BASE_URL: mockUrl,
          TOKENOPS_API_KEY: "any-key",
        },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        /429 from the API for \w+: pausing creates for [\d.]+ s; at most 1 at a time now\./,
      );
      expect(result.stdout).toMatch(/Done: 3 of 3 completed, 0 failed; the API answered \d+ creates with 429\./);
    } finally {
      mockCli.child.kill("SIGINT");
      await mockCli.done;
    }
  });

  it("`tokenops mock` refuses an unknown scenario with exit 2", async () => {
    const result = await runCli(["mock", "--port", "0", "--scenario", "concurrency-limit"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--scenario: scenario "concurrency-limit": parameter "max" is required.');
  });
});

describe("the contact sheet, in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(() => browser?.close());

  it("opens from disk with every tile, loads nothing from the network, and plays a video", async () => {
    const path = input(
      "shots.jsonl",
      jsonl(
        { prompt: "A paper boat <script>document.title='owned'</script>", name: "boat", size: "1280x720" },
        { prompt: 'A heron & a "quote"', name: "heron" },
        { prompt: "doomed [mock: fail]", name: "doomed" },
      ),
    );
    const out = join(dir.path, "out");
    const result = await runCli(["videos", "batch", path, "--model", "sora-2", "--out", out, ...fast], env());
    expect(result.code, result.stderr).toBe(3);
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file://")) elsewhere.push(request.url());
    });
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await expect(page.title()).resolves.toBe("out");
    const tiles = page.locator(".tile");
    await expect(
      tiles.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.name)),
    ).resolves.toEqual(["boat", "heron", "doomed"]);
    await expect(page.locator('.tile[data-name="boat"] .prompt').textContent()).resolves.toContain("<script>");
    await expect(page.locator('.tile[data-name="doomed"] .error').textContent()).resolves.toContain(
      "The video could not be generated.",
    );
    const boat = page.locator('.tile[data-name="boat"]');
    await boat.hover();
    const duration = await boat.locator("video").evaluate(
      (video: HTMLVideoElement) =>
        new Promise<number>((resolve, reject) => {
          const check = () => (video.readyState >= 1 && !video.paused ? resolve(video.duration) : undefined);
          video.addEventListener("playing", check);
          video.addEventListener("loadedmetadata", check);
          video.addEventListener("error", () => reject(new Error(`video error ${video.error?.code}`)));
          check();
        }),
    );
    expect(duration).toBeGreaterThan(0);

    // A click on a video that hovering started keeps it playing, also once the pointer leaves.
    const boatVideo = boat.locator("video");
    await boatVideo.click();
    await expect(boatVideo.evaluate((video: HTMLVideoElement) => video.paused)).resolves.toBe(false);
    const heron = page.locator('.tile[data-name="heron"]');
    await heron.hover();
    await heron.locator("video").evaluate(
      (video: HTMLVideoElement) =>
        new Promise<void>((resolve) => {
          if (video.readyState >= 1 && !video.paused) resolve();
          else video.addEventListener("playing", () => resolve(), { once: true });
        }),
    );
    await expect(boatVideo.evaluate((video: HTMLVideoElement) => video.paused)).resolves.toBe(false);

    // Portrait (heron, 720x1280) and landscape (boat, 1280x720) in the same frame, both videos loaded.
    const sizes = await heron
      .locator("video")
      .evaluate((video: HTMLVideoElement) => `${video.videoWidth}x${video.videoHeight}`);
    expect(sizes).toBe("720x1280");
    const frame = async (name: string) => {
      const box = await page.locator(`.tile[data-name="${name}"] .media`).boundingBox();
      return { width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0) };
    };
    const boatFrame = await frame("boat");
    expect(await frame("heron")).toEqual(boatFrame);
    expect(await frame("doomed")).toEqual(boatFrame);
    expect(boatFrame.width).toBeGreaterThan(boatFrame.height);

    // A second click stops it.
    await boatVideo.click();
    await expect(boatVideo.evaluate((video: HTMLVideoElement) => video.paused)).resolves.toBe(true);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
