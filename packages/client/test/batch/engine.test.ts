import { describe, expect, it } from "vitest";
import {
  type BatchEvent,
  type BatchJournal,
  type BatchRecord,
  BatchValidationError,
  runBatch,
} from "../../src/batch/index.js";
import { itemHash } from "../../src/batch/items.js";
import { AuthenticationError, InternalServerError } from "../../src/index.js";
import { reference } from "../helpers.js";
import { fakeApi, itemsOf } from "./fake-api.js";

/** A journal in memory that also shows what was in it, and can start with earlier runs' records. */
function journalOf(records: BatchRecord[] = []): BatchJournal & { records: BatchRecord[] } {
  return {
    records,
    read: async () => records.slice(),
    append: async (record) => {
      records.push(record);
    },
  };
}

const fast = { pollIntervalMs: 0 };

describe("runBatch", () => {
  it("creates each item once, follows every job to its end and resolves with the items in order", async () => {
    const api = fakeApi();
    const events: BatchEvent[] = [];
    const result = await runBatch(api.client, itemsOf(5), { ...fast, onEvent: (event) => events.push(event) });
    expect(result).toMatchObject({ completed: 5, failed: 0, remaining: 0, interrupted: false, rateLimited: 0 });
    expect(result.items.map((item) => [item.name, item.state, item.video_id])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`item-${n}`, "completed", expect.stringMatching(/^video_/)]),
    );
    expect(api.jobs.size).toBe(5);
    expect(new Set(api.creates.map((create) => create.key)).size).toBe(5);
    expect(events[0]).toMatchObject({ type: "start", total: 5, waiting: 5 });
    expect(events.at(-1)).toMatchObject({ type: "end", completed: 5, failed: 0 });
    const states = events.flatMap((event) =>
      event.type === "item" && event.item.name === "item-3" ? [event.item.state] : [],
    );
    expect([...new Set(states)]).toEqual(["creating", "running", "completed"]);
  });

  it("never has more than `concurrency` jobs in flight", async () => {
    const api = fakeApi({ pollsToFinish: 3 });
    await runBatch(api.client, itemsOf(12), { ...fast, concurrency: 3 });
    expect(api.jobs.size).toBe(12);
    expect(api.highWater()).toBe(3);
  });

  it("takes a 429 on a create as a signal: backs off, lowers the concurrency, raises it as jobs finish", async () => {
    const api = fakeApi({ maxUnfinished: 2, pollsToFinish: 2 });
    const events: BatchEvent[] = [];
    const result = await runBatch(api.client, itemsOf(12), {
      ...fast,
      concurrency: 6,
      onEvent: (event) => events.push(event),
    });
    expect(result).toMatchObject({ completed: 12, failed: 0 });
    expect(result.rateLimited).toBeGreaterThan(0);
    expect(result.rateLimited).toBe(api.creates.filter((create) => create.status === 429).length);
    // Each 429'd create was sent again with its own key, and made exactly one job.
    expect(api.jobs.size).toBe(12);
    expect(api.highWater()).toBe(2);
    const limits = events.flatMap((event) => (event.type === "concurrency" ? [event.concurrency] : []));
    expect(Math.min(...limits)).toBeLessThanOrEqual(2);
    expect(limits.some((limit, i) => i > 0 && limit > (limits[i - 1] as number))).toBe(true);
    expect(events.filter((event) => event.type === "rate-limited")).toHaveLength(result.rateLimited);
  });

  it("backs off on TokenOps' per-minute limits (2007, 2008) as on any 429", async () => {
    const api = fakeApi({
      faults: { busy: { status: 429, code: 2007, times: 1 }, tokens: { status: 429, code: 2008, times: 1 } },
    });
    const events: BatchEvent[] = [];
    const result = await runBatch(
      api.client,
      itemsOf(2, (i) => (i === 1 ? "a busy fox" : "a tokens fox")),
      { ...fast, onEvent: (event) => events.push(event) },
    );
    expect(result).toMatchObject({ completed: 2, failed: 0, rateLimited: 2 });
    const limited = events.flatMap((event) => (event.type === "rate-limited" ? [event.message] : []));
    expect(limited.sort()).toEqual([
      expect.stringMatching(/the model's requests-per-minute limit/),
      expect.stringMatching(/the model's tokens-per-minute limit/),
    ]);
    expect(api.jobs.size).toBe(2);
  });

  it("retries a create answered 424/2002 (nothing reached the model), not one answered 424/2003", async () => {
    const api = fakeApi({ faults: { down: { status: 424, code: 2002, times: 1 }, slow: { status: 424, code: 2003 } } });
    const result = await runBatch(
      api.client,
      itemsOf(2, (i) => (i === 1 ? "a down fox" : "a slow fox")),
      fast,
    );
    expect(result.items.map((item) => [item.state, item.error?.code])).toEqual([
      ["completed", undefined],
      ["failed", 2003],
    ]);
    expect(api.creates.map((create) => [create.prompt, create.status])).toEqual(
      expect.arrayContaining([
        ["a down fox", 424],
        ["a down fox", 200],
        ["a slow fox", 424],
      ]),
    );
    expect(api.creates.filter((create) => create.prompt === "a slow fox")).toHaveLength(1);
    expect(result.items[1]?.error?.message).toMatch(/The job may exist all the same/);
  });

  it("retries a create that met a server error with the same Idempotency-Key", async () => {
    const api = fakeApi({ faults: { flaky: { status: 503, times: 2 } } });
    const events: BatchEvent[] = [];
    const result = await runBatch(
      api.client,
      itemsOf(1, () => "a flaky fox"),
      {
        ...fast,
        onEvent: (event) => events.push(event),
      },
    );
    expect(result.completed).toBe(1);
    expect(api.creates.map((create) => create.status)).toEqual([503, 503, 200]);
    expect(new Set(api.creates.map((create) => create.key)).size).toBe(1);
    expect(events.filter((event) => event.type === "retry")).toHaveLength(2);
  });

  it("stops when a create's server errors outlast the client's maxRetries (per request); the key stays", async () => {
    const api = fakeApi({ faults: { flaky: { status: 503, times: 3 } } });
    const journal = journalOf();
    const events: BatchEvent[] = [];
    const error = await runBatch(
      api.client,
      itemsOf(1, () => "a flaky fox"),
      { ...fast, journal, onEvent: (event) => events.push(event) },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    // The client's default maxRetries (2): three attempts, all with one key.
    expect(api.creates.map((create) => create.status)).toEqual([503, 503, 503]);
    expect(new Set(api.creates.map((create) => create.key)).size).toBe(1);
    expect(events.filter((event) => event.type === "retry")).toMatchObject([
      { step: "create", attempt: 1, error: { status: 503 } },
      { step: "create", attempt: 2, error: { status: 503 } },
    ]);
    expect(journal.records.filter((record) => record.type === "key")).toHaveLength(1);
    const resumed = await runBatch(
      fakeApi().client,
      itemsOf(1, () => "a flaky fox"),
      { ...fast, journal },
    );
    expect(resumed.completed).toBe(1);
  });

  it("records an item the API refuses, or whose job fails, and goes on with the others", async () => {
    const api = fakeApi({ faults: { refused: { status: 400 }, doomed: "job-fails" } });
    const items = itemsOf(4, (i) => (i === 2 ? "a refused fox" : i === 3 ? "a doomed fox" : `fox ${i}`));
    const journal = journalOf();
    const result = await runBatch(api.client, items, { ...fast, journal });
    expect(result).toMatchObject({ completed: 2, failed: 2 });
    expect(result.items[1]).toMatchObject({ state: "failed", video_id: undefined, error: { status: 400 } });
    expect(result.items[2]).toMatchObject({
      state: "failed",
      video_id: "video_2",
      error: { code: "moderation_blocked", message: "Blocked" },
    });
    const failures = journal.records.filter((record) => record.type === "failed");
    expect(failures.map((record) => record.name)).toEqual(expect.arrayContaining(["item-2", "item-3"]));
  });

  it("stops at a 401 and rejects with it; the journal keeps the item's key", async () => {
    const api = fakeApi({ faults: { fox: { status: 401 } } });
    const journal = journalOf();
    const states: { name: string; state: string }[] = [];
    const error = await runBatch(api.client, itemsOf(3), {
      ...fast,
      journal,
      concurrency: 1,
      onEvent: (event) => event.type === "item" && states.push(event.item),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(api.creates).toHaveLength(1);
    expect(states.at(-1)).toMatchObject({ name: "item-1", state: "waiting" });
    expect(journal.records.filter((record) => record.type === "key")).toHaveLength(1);
  });

  it("checks every item before sending anything, and names each problem's item, line and field", async () => {
    const api = fakeApi();
    const items = [
      ...itemsOf(2),
      { name: "item-1", line: 3, params: { model: "sora-2", prompt: "again" } },
      {
        name: "wide",
        line: 4,
        params: {
          model: "sora-2",
          prompt: "x",
          size: "1280x720" as const,
          input_reference: new File([reference("720x1280")], "f.png", { type: "image/png" }),
        },
      },
      { name: "empty", line: 5, params: { model: "sora-2", prompt: "" } },
    ];
    const error = await runBatch(api.client, items).catch((e) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect(error.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([
      [3, "name"],
      [4, "input_reference"],
      [5, "prompt"],
    ]);
    expect(error.message).toContain("line 4: Invalid input_reference: got 720x1280 pixels");
    expect(api.requests).toHaveLength(0);
  });

  it("records the key before the create is sent, and the job id as soon as it answers", async () => {
    const order: string[] = [];
    const api = fakeApi();
    const journal: BatchJournal = {
      read: async () => [],
      append: async (record) => {
        order.push(`journal ${record.type}`);
      },
    };
    const client = {
      videos: {
        ...api.client.videos,
        create: async (...args: Parameters<typeof api.client.videos.create>) => {
          order.push("send create");
          const video = await api.client.videos.create(...args);
          order.push("create answered");
          return video;
        },
      },
    };
    await runBatch(client, itemsOf(1), { ...fast, journal });
    expect(order).toEqual([
      "journal run",
      "journal key",
      "send create",
      "create answered",
      "journal created",
      "journal completed",
    ]);
  });

  it("stops creating when the signal aborts: the answered create is recorded, nothing else is sent", async () => {
    const api = fakeApi({ pollsToFinish: 1000 });
    const controller = new AbortController();
    const journal = journalOf();
    const result = await runBatch(api.client, itemsOf(5), {
      ...fast,
      concurrency: 2,
      journal,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "item" && event.item.state === "running") controller.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(api.jobs.size).toBe(2);
    expect(result.remaining).toBe(5);
    expect(journal.records.filter((record) => record.type === "created")).toHaveLength(2);
    expect(result.items.slice(2).map((item) => item.state)).toEqual(["waiting", "waiting", "waiting"]);
  });
});

describe("runBatch, resumed from its journal", () => {
  it("skips finished items, follows items with a job, creates items with a recorded key under that key", async () => {
    const api = fakeApi();
    const items = itemsOf(4);
    const first = journalOf();
    // A first run that stops once two jobs exist.
    const controller = new AbortController();
    await runBatch(api.client, items, {
      ...fast,
      concurrency: 2,
      journal: first,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "item" && event.item.name === "item-2" && event.item.state === "running") controller.abort();
      },
    });
    // …and a create that was sent, whose answer was lost: its key is in the journal, its job at the server.
    const lost = await api.client.videos.create(items[2]?.params as never, { idempotencyKey: "key-of-item-3" });
    const records = [
      ...first.records,
      { type: "key", name: "item-3", hash: await itemHash(items[2] as never), key: "key-of-item-3", at: "" } as const,
    ];
    const jobsBefore = api.jobs.size;
    const createsBefore = api.creates.length;

    const resumed = await runBatch(api.client, items, { ...fast, journal: journalOf(records) });
    expect(resumed).toMatchObject({ completed: 4, failed: 0 });
    // item-1 and item-2 were followed, not created; item-3 got its job back; only item-4 is new.
    expect(api.jobs.size).toBe(jobsBefore + 1);
    const creates = api.creates.slice(createsBefore);
    expect(creates.map((create) => create.key)).toEqual(["key-of-item-3", expect.any(String)]);
    expect(resumed.items[2]?.video_id).toBe(lost.id);
  });

  it("leaves failed items alone, and creates them again with new keys with retryFailed", async () => {
    const api = fakeApi({ faults: { doomed: "job-fails" } });
    const items = itemsOf(2, (i) => (i === 1 ? "a doomed fox" : "a fine fox"));
    const journal = journalOf();
    await runBatch(api.client, items, { ...fast, journal });
    const again = await runBatch(api.client, items, { ...fast, journal });
    expect(again).toMatchObject({ completed: 1, failed: 1 });
    expect(api.jobs.size).toBe(2);
    const retried = await runBatch(api.client, items, { ...fast, journal, retryFailed: true });
    expect(retried.failed).toBe(1);
    expect(api.jobs.size).toBe(3);
    expect(retried.items[0]?.video_id).toBe("video_3");
    const keys = journal.records.filter((record) => record.type === "key" && record.name === "item-1");
    expect(keys).toHaveLength(2);
    expect(new Set(keys.map((record) => (record as { key: string }).key)).size).toBe(2);
  });

  it("takes an item whose content changed as a new item, and records the change", async () => {
    const api = fakeApi();
    const journal = journalOf();
    const events: BatchEvent[] = [];
    await runBatch(api.client, itemsOf(2), { ...fast, journal });
    const changed = itemsOf(2, (i) => (i === 2 ? "a fox, rewritten" : `a fox, take ${i}`));
    const result = await runBatch(api.client, changed, { ...fast, journal, onEvent: (event) => events.push(event) });
    expect(result.completed).toBe(2);
    expect(api.jobs.size).toBe(3);
    expect(api.jobs.get("video_3")?.prompt).toBe("a fox, rewritten");
    const change = journal.records.find((record) => record.type === "changed");
    expect(change).toMatchObject({ name: "item-2", hash: result.items[1]?.hash, previous: expect.any(String) });
    expect(change).not.toMatchObject({ previous: result.items[1]?.hash });
    expect(events.filter((event) => event.type === "changed").map((event) => (event as { name: string }).name)).toEqual(
      ["item-2"],
    );
  });
});
