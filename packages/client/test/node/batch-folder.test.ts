import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BatchValidationError } from "../../src/batch/index.js";
import { createFileJournal, JOURNAL_FILE, runBatchToFolder, unsafeFileName } from "../../src/node/index.js";
import { fakeApi, itemsOf } from "../batch/fake-api.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tokenops-batch-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fast = { pollIntervalMs: 0 };

describe("createFileJournal", () => {
  it("appends one JSON line per record, and a new journal on the same file reads them back", async () => {
    const path = join(dir, "journal.jsonl");
    const journal = await createFileJournal(path);
    await Promise.all([
      journal.append({ type: "run", at: "t0", items: 1 }),
      journal.append({ type: "key", name: "fox", hash: "h", key: "k1", at: "t1" }),
    ]);
    await journal.close();
    expect((await readFile(path, "utf8")).split("\n")).toEqual([
      '{"type":"run","at":"t0","items":1}',
      '{"type":"key","name":"fox","hash":"h","key":"k1","at":"t1"}',
      "",
    ]);
    const again = await createFileJournal(path);
    expect(await again.read()).toHaveLength(2);
    await again.close();
  });

  it("drops a last line that a crash cut short, and appends after it on a line of its own", async () => {
    const path = join(dir, "journal.jsonl");
    await writeFile(path, '{"type":"key","name":"fox","hash":"h","key":"k1","at":"t1"}\n{"type":"created","na');
    const journal = await createFileJournal(path);
    expect((await journal.read()).map((record) => record.type)).toEqual(["key"]);
    await journal.append({ type: "key", name: "owl", hash: "h2", key: "k2", at: "t2" });
    await journal.close();
    expect(
      (await readFile(path, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).name),
    ).toEqual(["fox", "owl"]);
  });

  it("refuses a file with a line before the last that is not a record", async () => {
    const path = join(dir, "journal.jsonl");
    await writeFile(path, 'not json\n{"type":"run","at":"t","items":0}\n');
    await expect(createFileJournal(path)).rejects.toThrow(/line 1 is not a journal record/);
  });
});

describe("runBatchToFolder", () => {
  it("saves each video and thumbnail under the item's name, with summary.json and index.html", async () => {
    const api = fakeApi();
    const items = itemsOf(2, (i) => (i === 1 ? 'a fox <script>alert("x")</script> & friends' : "an owl"));
    const result = await runBatchToFolder(api.client, items, dir, fast);
    expect(result.completed).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([
      "index.html",
      "item-1.mp4",
      "item-1.webp",
      "item-2.mp4",
      "item-2.webp",
      JOURNAL_FILE,
      "summary.json",
    ]);
    expect(await readFile(join(dir, "item-1.mp4"), "utf8")).toBe("video of video_1");
    expect(await readFile(join(dir, "item-1.webp"), "utf8")).toBe("thumbnail of video_1");
    const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8"));
    expect(summary[0]).toMatchObject({
      line: 1,
      name: "item-1",
      prompt: items[0]?.params.prompt,
      video_id: "video_1",
      status: "completed",
      file: "item-1.mp4",
      thumbnail: "item-1.webp",
      error: null,
      elapsed_seconds: expect.any(Number),
    });
    const page = await readFile(join(dir, "index.html"), "utf8");
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("a fox &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends");
    expect(page).toContain('src="item-1.mp4"');
    expect(page).not.toMatch(/https?:\/\//);
  });

  it("resumes: removes what a killed run left half-written, and creates nothing that exists", async () => {
    const api = fakeApi();
    const items = itemsOf(3);
    await runBatchToFolder(api.client, items, dir, fast);
    await writeFile(join(dir, ".item-2.mp4.0b7e.part"), "half a video");
    await writeFile(join(dir, ".summary.json.1c2d.part"), "[");
    await rm(join(dir, "item-3.mp4"));
    const requestsBefore = api.requests.length;
    const again = await runBatchToFolder(api.client, items, dir, fast);
    expect(again.completed).toBe(3);
    expect((await readdir(dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
    // Only item-3's files were fetched again (its job, then its video and thumbnail); no create.
    const sent = api.requests
      .slice(requestsBefore)
      .map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(sent).toEqual([
      "GET /v1/videos/video_3",
      "GET /v1/videos/video_3/content",
      "GET /v1/videos/video_3/content",
    ]);
    expect(await readFile(join(dir, "item-3.mp4"), "utf8")).toBe("video of video_3");
  });

  it("refuses names that are not safe as file names, before anything is sent", async () => {
    const api = fakeApi();
    const items = [
      { name: "../escape", line: 1, params: { model: "sora-2", prompt: "a" } },
      { name: "ok name", line: 2, params: { model: "sora-2", prompt: "b" } },
      { name: "CON", line: 3, params: { model: "sora-2", prompt: "c" } },
    ];
    const error = await runBatchToFolder(api.client, items, dir, fast).catch((e) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect(error.problems.map((p: { line: number }) => p.line)).toEqual([1, 3]);
    expect(api.requests).toHaveLength(0);
    expect(unsafeFileName("fox.v2 (final)")).toBeUndefined();
    expect(unsafeFileName(".hidden")).toMatch(/not safe as a file name/);
  });

  it("will not share its folder with a batch that is still running", async () => {
    await writeFile(join(dir, ".batch.lock"), String(process.ppid));
    const error = await runBatchToFolder(fakeApi().client, itemsOf(1), dir, fast).catch((e) => e);
    expect(error.message).toMatch(`Another batch (process ${process.ppid}) is writing into`);
    // A lock left by a process that is gone is taken over.
    await writeFile(join(dir, ".batch.lock"), "999999999");
    await expect(runBatchToFolder(fakeApi().client, itemsOf(1), dir, fast)).resolves.toMatchObject({ completed: 1 });
    expect(await readdir(dir)).not.toContain(".batch.lock");
  });
});
