// One worker machine of the queue benchmark, in its own process: `node cases/queue-worker.js <JSON options>`
// with { redis, queueName, baseUrl, out, concurrency }. Sends "ready" once it takes jobs; closes on disconnect.
import { createClient } from "@tokenops/client";
import { folderSaver, startVideoWorker } from "@tokenops/queue";

const options = JSON.parse(process.argv[2] ?? "{}") as {
  redis: string;
  queueName: string;
  baseUrl: string;
  out: string;
  concurrency: number;
};
const client = createClient({ apiKey: "bench", baseUrl: options.baseUrl });
const worker = startVideoWorker({
  connection: options.redis,
  queueName: options.queueName,
  client,
  concurrency: options.concurrency,
  pollIntervalMs: 50,
  save: await folderSaver(client, options.out),
});
await worker.worker.waitUntilReady();
process.send?.("ready");
process.on("disconnect", () => void worker.close().then(() => process.exit(0)));
