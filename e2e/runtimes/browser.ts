import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { parseResult, type SmokeResult } from "./result.js";

/** Flags for a quiet, loopback-only headless Chromium in a container. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Names resolve nowhere: the page can reach 127.0.0.1 and nothing else.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** What the page did: its result, the browser's version, and anything that went wrong or left the machine. */
export interface BrowserRun {
  result: SmokeResult | undefined;
  version: string;
  /** Requests the page tried to send off the machine (they cannot resolve). */
  blocked: string[];
  output: string;
}

/**
 * Open the smoke page in headless Chromium and wait for its result. Playwright's `launch` gives every run a
 * fresh temporary profile (user-data-dir) and removes it afterwards. Requests to anything but 127.0.0.1 fail to
 * resolve and are reported.
 */
export async function runInChromium(
  executablePath: string,
  pageUrl: string,
  options: { timeoutMs: number },
): Promise<BrowserRun> {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const browser = await chromium.launch({ executablePath, args: FLAGS, timeout: options.timeoutMs });
  const lines: string[] = [];
  const blocked: string[] = [];
  try {
    const page = await browser.newPage();
    // Watched, not intercepted: Playwright answers CORS preflights itself for routed requests, and the
    // mock's own CORS answers are part of what this run checks.
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.hostname !== "127.0.0.1") blocked.push(url.href);
    });
    let settle: (result: SmokeResult) => void = () => {};
    const settled = new Promise<SmokeResult>((resolve) => {
      settle = resolve;
    });
    page.on("console", (message) => {
      const text = message.text();
      lines.push(`console.${message.type()}: ${text}`);
      const result = parseResult(text);
      if (result !== undefined) settle(result);
    });
    page.on("pageerror", (error) => lines.push(`page error: ${error.message}`));
    await page.goto(pageUrl);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        lines.push(`(no result after ${options.timeoutMs} ms)`);
        resolve(undefined);
      }, options.timeoutMs);
    });
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return { result, version: browser.version(), blocked, output: lines.join("\n") };
  } finally {
    await browser.close();
  }
}
