/**
 * The runtime smoke test: one file, the core entry only (no `node:` import), so the very same code runs on
 * Node, Bun, Deno and in a browser page. It creates a video with a reference image, waits for it, downloads
 * the content and checks the MP4 signature, then prints one `SMOKE_RESULT {json}` line for the harness.
 *
 * Input: the mock's base URL and the reference image's URL — as two arguments (Node, Bun, Deno) or as the
 * page's `?baseUrl=…&reference=…` query (browser).
 */
import { createClient, toFile, type Video } from "@tokenops/client";

interface Host {
  Deno?: { args: string[]; version: { deno: string }; exit(code: number): never };
  Bun?: { version: string };
  process?: { argv: string[]; versions: Record<string, string | undefined>; exitCode?: number | string };
  location?: { search: string; href: string };
  navigator?: { userAgent: string };
}

/** What the harness reads back. */
export interface SmokeResult {
  ok: boolean;
  /** The runtime as it names itself, e.g. "node 22.23.3", "deno 2.9.6", "chromium 156.0.8078.79". */
  runtime: string;
  video_id?: string;
  status?: string;
  /** The progress values `waitFor` reported, in order. */
  progress?: number[];
  content_type?: string | null;
  bytes?: number;
  error?: string;
}

const host = globalThis as unknown as Host;

function runtimeName(): string {
  if (host.Deno !== undefined) return `deno ${host.Deno.version.deno}`;
  if (host.Bun !== undefined) return `bun ${host.Bun.version}`;
  if (host.process?.versions.node !== undefined) return `node ${host.process.versions.node}`;
  const chrome = host.navigator?.userAgent.match(/(?:Headless)?Chrome\/([\d.]+)/);
  return chrome ? `chromium ${chrome[1]}` : (host.navigator?.userAgent ?? "unknown");
}

function inputs(): { baseUrl: string; reference: string } {
  if (host.location !== undefined && host.process === undefined && host.Deno === undefined) {
    const query = new URLSearchParams(host.location.search);
    const reference = new URL(query.get("reference") ?? "", host.location.href).href;
    return { baseUrl: query.get("baseUrl") ?? "", reference };
  }
  const [baseUrl = "", reference = ""] = host.Deno?.args ?? host.process?.argv.slice(2) ?? [];
  return { baseUrl, reference };
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function smoke(): Promise<SmokeResult> {
  const { baseUrl, reference } = inputs();
  check(baseUrl.startsWith("http://127.0.0.1:"), `baseUrl must be the local mock, got ${JSON.stringify(baseUrl)}`);
  check(reference.startsWith("http://127.0.0.1:"), `reference must be a local URL, got ${JSON.stringify(reference)}`);

  const client = createClient({ apiKey: "smoke-test-key", baseUrl });
  const image = await fetch(reference);
  check(image.ok, `GET ${reference} answered ${image.status}`);
  const input_reference = await toFile(image, "reference-1280x720.png", { type: "image/png" });

  const created: Video = await client.videos.create({
    model: "sora-2",
    prompt: "A paper boat drifting down a rainy street",
    size: "1280x720",
    seconds: "4",
    input_reference,
  });
  check(created.id.length > 0, "create returned no id");

  const progress: number[] = [];
  const done = await client.videos.waitFor(created.id, {
    pollIntervalMs: 50,
    deadlineMs: 30_000,
    onProgress: (video) => progress.push(video.progress ?? 0),
  });
  check(done.status === "completed", `waitFor ended with status ${done.status}`);

  const response = await client.videos.content(created.id);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const length = response.headers.get("content-length");
  check(length === null || Number(length) === bytes.byteLength, `read ${bytes.byteLength} bytes of ${length}`);
  // An MP4 starts with a box whose type, at offset 4, is "ftyp".
  const signature = new TextDecoder().decode(bytes.subarray(4, 8));
  check(signature === "ftyp", `content is not an MP4: bytes 4..8 are ${JSON.stringify(signature)}`);

  return {
    ok: true,
    runtime: runtimeName(),
    video_id: created.id,
    status: done.status,
    progress,
    content_type: response.headers.get("content-type"),
    bytes: bytes.byteLength,
  };
}

let result: SmokeResult;
try {
  result = await smoke();
} catch (error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  result = { ok: false, runtime: runtimeName(), error: text };
}
console.log(`SMOKE_RESULT ${JSON.stringify(result)}`);
if (!result.ok) {
  if (host.Deno !== undefined) host.Deno.exit(1);
  else if (host.process !== undefined) host.process.exitCode = 1;
}
