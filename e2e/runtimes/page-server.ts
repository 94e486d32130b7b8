import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A local origin that serves the smoke page, its bundle, and the reference image every runtime uploads. */
export interface PageServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The reference image's URL. */
  referenceUrl: string;
  close(): Promise<void>;
}

const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>@tokenops/client smoke</title></head>
  <body><script type="module" src="/smoke.js"></script></body>
</html>
`;

/** Serve `/` (the page), `/smoke.js` (the browser bundle) and `/reference.png` on 127.0.0.1. */
export async function startPageServer(options: { bundle: string; reference: string }): Promise<PageServer> {
  const files: Record<string, { type: string; body: Uint8Array | string }> = {
    "/": { type: "text/html; charset=utf-8", body: page },
    "/smoke.js": { type: "text/javascript; charset=utf-8", body: options.bundle },
    "/reference.png": { type: "image/png", body: await readFile(options.reference) },
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
    if (request.method !== "GET" || file === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    referenceUrl: `${url}/reference.png`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
