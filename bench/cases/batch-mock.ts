// The batch benchmark's mock, in a process of its own: forked with JSON options, it sends `{ url }`
// once listening and answers "stats" with how many jobs it holds and how many creates it refused.
import { startMockServer } from "@tokenops/testing";

const server = await startMockServer({
  host: "127.0.0.1",
  ...JSON.parse(process.argv[2] ?? "{}"),
  requestLogLimit: 100_000,
});
process.send?.({ url: server.url });
process.on("message", (message) => {
  if (message !== "stats") return;
  const creates = server.requests.filter((request) => request.operation === "createVideo");
  process.send?.({
    jobs: server.videos.size,
    created: creates.filter((request) => request.status === 200).length,
    refused429: creates.filter((request) => request.status === 429).length,
  });
});
process.on("disconnect", () => server.close().then(() => process.exit(0)));
