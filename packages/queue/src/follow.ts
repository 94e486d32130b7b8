import type { BatchEvent, BatchItemState, BatchItemStatus, BatchResult } from "@tokenops/client/batch";
import { type Job, Queue, QueueEvents } from "bullmq";
import { DEFAULT_QUEUE_NAME, probeRedis, type RedisConnection, redisClient, savesQueueName } from "./connection.js";
import type { VideoJobData, VideoJobProgress, VideoJobResult } from "./job-data.js";

/**
 * Options for `followBatch`.
 *
 * @example
 * ```ts
 * const options: FollowOptions = { onEvent: (event) => console.log(event.type), signal: AbortSignal.timeout(3_600_000) };
 * ```
 */
export interface FollowOptions {
  /** Default `DEFAULT_QUEUE_NAME`. */
  queueName?: string | undefined;
  /** Called with `runBatch`'s events (start, each change of an item, end), so the same progress shows them. */
  onEvent?: ((event: BatchEvent) => void) | undefined;
  /** Stops following (the jobs go on); `followBatch` then resolves with `interrupted: true`. */
  signal?: AbortSignal | undefined;
  /**
   * How often the jobs' states are read again, in case an event was missed (a lost connection). Default
   * 5000 ms.
   */
  resyncMs?: number | undefined;
}

/** An item's save job and its BullMQ state. */
interface SaveState {
  job: Job<VideoJobData, VideoJobResult>;
  state: string;
}

/** The item state a job's BullMQ state and progress stand for. */
function itemState(state: string, progress: unknown): BatchItemState {
  if (state === "completed") return "completed";
  if (state === "failed") return "failed";
  if (state === "active") {
    const p = progress as Partial<VideoJobProgress> | undefined;
    return p?.state ?? "creating";
  }
  return "waiting";
}

/**
 * Follows a batch's jobs from any machine until every one has completed or failed, through BullMQ's own
 * events (QueueEvents) and the jobs' progress, and reports them as `runBatch` does — the same events,
 * the same result — so a batch on a queue shows like a batch in one process.
 *
 * @example
 * ```ts
 * import { enqueueBatch, followBatch } from "@tokenops/queue";
 *
 * const { jobIds } = await enqueueBatch("redis://127.0.0.1:6379", items);
 * const result = await followBatch("redis://127.0.0.1:6379", jobIds, {
 *   onEvent: (event) => event.type === "item" && console.log(event.item.name, event.item.state),
 * });
 * console.log(`${result.completed} completed, ${result.failed} failed`);
 * ```
 */
export async function followBatch(
  connection: RedisConnection,
  jobIds: readonly string[],
  options: FollowOptions = {},
): Promise<BatchResult> {
  const { onEvent, signal, resyncMs = 5000 } = options;
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  if (typeof connection === "string") await probeRedis(connection);
  const { redis, release } = redisClient(connection);
  // QueueEvents blocks on its connection: it gets one of its own.
  const eventsRedis = redis.duplicate();
  const savesRedis = redis.duplicate();
  const queue = new Queue<VideoJobData, VideoJobResult>(name, { connection: redis });
  const saveQueue = new Queue<VideoJobData, VideoJobResult>(savesQueueName(name), { connection: redis });
  const events = new QueueEvents(name, { connection: eventsRedis });
  const saveEvents = new QueueEvents(savesQueueName(name), { connection: savesRedis });
  const emit = (event: BatchEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure is the listener's.
    }
  };
  const ids = new Set(jobIds);
  const statuses = new Map<string, BatchItemStatus>();
  const finished = () => [...statuses.values()].every((s) => s.state === "completed" || s.state === "failed");
  let wake: (() => void) | undefined;
  const poke = () => wake?.();

  /** The item as its video job and, once the video is made, its save job say. */
  const statusOf = (
    video: Job<VideoJobData, VideoJobResult>,
    videoState: string,
    saved?: SaveState,
  ): BatchItemStatus => {
    const job = saved?.job ?? video;
    const state = saved?.state ?? videoState;
    const progress = (typeof video.progress === "object" ? video.progress : undefined) as VideoJobProgress | undefined;
    // A made video whose save job is not there yet, waits, or runs: the item is saving.
    const state_ =
      videoState === "completed" && state !== "completed" && state !== "failed" ? "saving" : itemState(state, progress);
    const result = job.returnvalue as VideoJobResult | null | undefined;
    const error = job.data.error ?? (state === "failed" ? { message: job.failedReason ?? "failed" } : undefined);
    return {
      name: job.data.name,
      line: job.data.line ?? undefined,
      hash: job.id as string,
      state: state_,
      video_id: job.data.video_id ?? video.data.video_id ?? progress?.video_id ?? result?.video_id,
      status: (state_ === "completed"
        ? "completed"
        : state_ === "failed"
          ? "failed"
          : progress?.status) as BatchItemStatus["status"],
      progress: state_ === "completed" ? 100 : progress?.progress,
      files: result?.files ?? [],
      error: state_ === "failed" ? error : undefined,
      started_at: video.processedOn ? new Date(video.processedOn).toISOString() : undefined,
      finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
    };
  };

  const saveOf = async (id: string): Promise<SaveState | undefined> => {
    const job = await saveQueue.getJob(id);
    return job === undefined ? undefined : { job, state: await job.getState() };
  };

  /** Reads one item's jobs and reports it when it changed. */
  const refresh = async (id: string) => {
    const job = await queue.getJob(id);
    if (job === undefined) return;
    const state = await job.getState();
    const next = statusOf(job, state, state === "completed" ? await saveOf(id) : undefined);
    const before = statuses.get(id);
    statuses.set(id, next);
    if (
      before !== undefined &&
      (before.state !== next.state ||
        before.status !== next.status ||
        before.progress !== next.progress ||
        before.video_id !== next.video_id)
    ) {
      emit({ type: "item", item: { ...next } });
    }
    if (finished()) poke();
  };

  // One read at a time per job, in the order the events came: its changes are reported in order.
  const reads = new Map<string, Promise<void>>();
  const inOrder = (jobId: string, step: () => Promise<void> | void) => {
    const next = (reads.get(jobId) ?? Promise.resolve()).then(step).catch(() => undefined);
    reads.set(jobId, next);
  };
  const onJob = ({ jobId }: { jobId: string }) => {
    if (ids.has(jobId)) inOrder(jobId, () => refresh(jobId));
  };
  // A progress event carries the progress: no read needed (they come several times a second per job).
  const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
    if (!ids.has(jobId)) return;
    inOrder(jobId, () => {
      const before = statuses.get(jobId);
      const p = data as Partial<VideoJobProgress> | undefined;
      if (before === undefined || typeof p !== "object" || p?.state === undefined) return refresh(jobId);
      if (["completed", "failed", "saving"].includes(before.state)) return;
      const next: BatchItemStatus = {
        ...before,
        state: p.state,
        video_id: p.video_id ?? before.video_id,
        status: p.status as BatchItemStatus["status"],
        progress: p.progress,
      };
      statuses.set(jobId, next);
      const changed =
        before.state !== next.state ||
        before.status !== next.status ||
        before.progress !== next.progress ||
        before.video_id !== next.video_id;
      if (changed) emit({ type: "item", item: { ...next } });
    });
  };
  try {
    // Listening before the first read: no change between the two is missed.
    await Promise.all([events.waitUntilReady(), saveEvents.waitUntilReady()]);
    for (const event of ["active", "waiting", "completed", "failed", "stalled", "delayed"] as const) {
      events.on(event, onJob as never);
      saveEvents.on(event, onJob as never);
    }
    events.on("progress", onProgress as never);
    for (const id of jobIds) {
      const job = await queue.getJob(id);
      if (job === undefined) throw new Error(`job ${id} is not on the queue "${name}" (was it removed?)`);
      const state = await job.getState();
      statuses.set(id, statusOf(job, state, state === "completed" ? await saveOf(id) : undefined));
    }
    const all = [...statuses.values()];
    const count = (state: BatchItemState) => all.filter((s) => s.state === state).length;
    emit({
      type: "start",
      total: all.length,
      waiting: count("waiting"),
      running: all.length - count("waiting") - count("completed") - count("failed"),
      completed: count("completed"),
      failed: count("failed"),
      concurrency: (await queue.getGlobalConcurrency()) ?? 0,
      items: all.map((s) => ({ ...s })),
    });
    const stopped = new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
    while (!finished() && !signal?.aborted) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          // A safety net, not a clock the batch depends on: events bring every change.
          timer = setTimeout(resolve, resyncMs);
        }),
        stopped,
      ]);
      clearTimeout(timer);
      if (!finished() && !signal?.aborted) {
        for (const [id, s] of statuses) if (s.state !== "completed" && s.state !== "failed") await refresh(id);
      }
    }
  } finally {
    await Promise.all([events.close(), saveEvents.close()]);
    await Promise.all([queue.close(), saveQueue.close()]);
    eventsRedis.disconnect();
    savesRedis.disconnect();
    await release();
  }
  const items = jobIds.map((id) => ({ ...(statuses.get(id) as BatchItemStatus) }));
  const completed = items.filter((s) => s.state === "completed").length;
  const failed = items.filter((s) => s.state === "failed").length;
  const result: BatchResult = {
    items,
    completed,
    failed,
    remaining: items.length - completed - failed,
    interrupted: signal?.aborted === true && completed + failed < items.length,
    rateLimited: 0,
  };
  emit({
    type: "end",
    completed,
    failed,
    remaining: result.remaining,
    interrupted: result.interrupted,
    rateLimited: 0,
  });
  return result;
}
