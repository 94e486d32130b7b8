// One poller thread of bench/retrieve.ts: polls each of its jobs every `intervalMs` until
// `deadline` (wall clock), and reports how the requests went.
import { parentPort, workerData } from "node:worker_threads";

const { url, ids, intervalMs, deadline } = workerData;
const headers = { authorization: "Bearer bench" };
const tally = { requests: 0, latencies: [], statuses: {}, failures: {} };
const count = (map, key) => {
  map[key] = (map[key] ?? 0) + 1;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(id) {
  // Spread the first polls over one interval, as independent clients would be.
  await sleep(Math.random() * intervalMs);
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const response = await fetch(`${url}/v1/videos/${id}`, { headers });
      const body = await response.json();
      if (response.status === 200) count(tally.statuses, body.status ?? "?");
      else count(tally.failures, `HTTP ${response.status}`);
    } catch (error) {
      count(tally.failures, error.cause?.message ?? error.message);
    }
    tally.latencies.push(performance.now() - started);
    tally.requests++;
    await sleep(intervalMs);
  }
}

await Promise.all(ids.map(poll));
parentPort.postMessage(tally);
