/**
 * Prism serving OpenAI's published videos contract (spec/reference/openai-videos.yaml) on 127.0.0.1: a server
 * generated from that contract, answering with nulls, extra fields and every model and size OpenAI knows.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const PRISM = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));
export const OPENAI_CONTRACT = fileURLToPath(new URL("../../../../spec/reference/openai-videos.yaml", import.meta.url));

/** A port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Prism {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `prism mock` in dynamic mode on a free port and resolves once it listens. The bin is run directly, not
 * through npx, so that its PID is Prism's own and killing it leaves nothing behind.
 */
export async function startPrism(): Promise<Prism> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PRISM,
    ["mock", "-d", "--host", "127.0.0.1", "--port", String(port), OPENAI_CONTRACT],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    // Prism logs every request: keep draining its pipes, or it blocks once they fill.
    let listening = false;
    const read = (chunk: Buffer) => {
      if (listening) return;
      output += chunk;
      listening = output.includes("Prism is listening");
      if (listening) resolve();
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`prism exited (${code}) before listening:\n${output}`)));
    child.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill();
      await exited;
    },
  };
}
