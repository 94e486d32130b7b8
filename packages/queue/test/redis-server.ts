import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

/** Debian's redis-server; the test pipeline's scripts/ensure-system-deps.mjs installs it when missing. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/**
 * A throwaway redis-server on 127.0.0.1 and a free port, keeping nothing on disk. Resolves once it says it
 * accepts connections; `stop` ends it.
 */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      REDIS_SERVER,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const ready = new Promise<boolean>((resolve, reject) => {
      child.once("error", (error) =>
        reject(new Error(`cannot start ${REDIS_SERVER} (${error.message}): run node scripts/ensure-system-deps.mjs`)),
      );
      child.once("exit", () => resolve(false));
      lines.on("line", (line) => {
        if (line.includes("Ready to accept connections")) resolve(true);
      });
    });
    if (await ready) {
      lines.removeAllListeners("line");
      child.stdout?.resume();
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          if (child.exitCode !== null) return;
          child.kill("SIGTERM");
          await once(child, "exit");
        },
      };
    }
    // The port was taken between the probe and the start: another one.
    if (attempt >= 5) throw new Error(`redis-server would not start (5 ports tried)`);
  }
}
