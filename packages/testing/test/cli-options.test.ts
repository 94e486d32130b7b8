import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_MOCK_PORT } from "@tokenops/contract";
import { describe, expect, it } from "vitest";
import { listenFailure, mockCommandNotes, mockCommandOptions, mockFlags } from "../src/cli.js";

describe("the mock's command-line options (@tokenops/testing/cli)", () => {
  it("fills in the defaults: the contract's mock port, 127.0.0.1, real time, no scenarios", () => {
    expect(mockCommandOptions({})).toEqual({ port: DEFAULT_MOCK_PORT, host: "127.0.0.1", timeScale: 1, scenarios: [] });
  });

  it("reads every flag, scenarios from each --scenario", () => {
    const options = mockCommandOptions({
      port: "0",
      host: "::1",
      "time-scale": "2.5",
      scenario: ["rate-limit;retry-after=2", "poll-after;ms=100, hang"],
    });
    expect(options).toMatchObject({ port: 0, host: "::1", timeScale: 2.5 });
    expect(options.scenarios.map((scenario) => scenario.name)).toEqual(["rate-limit", "poll-after", "hang"]);
  });

  it("accepts --time-scale 0, a stopped clock, and says so in the start-up notes", () => {
    const options = mockCommandOptions({ "time-scale": "0" });
    expect(options.timeScale).toBe(0);
    expect(mockCommandNotes(options)).toEqual(["  The clock is stopped (--time-scale 0): jobs stay queued."]);
    expect(mockCommandNotes(mockCommandOptions({ scenario: ["rate-limit;retry-after=2"] }))).toEqual([
      "  Scenarios for every request: rate-limit;retry-after=2",
    ]);
  });

  it.each([
    [{ port: "http" }, '--port takes a whole number from 0 to 65535, got "http".'],
    [{ port: "70000" }, '--port takes a whole number from 0 to 65535, got "70000".'],
    [{ port: "-1" }, '--port takes a whole number from 0 to 65535, got "-1".'],
    [{ host: "" }, '--host takes an address such as 127.0.0.1, got "".'],
    [{ "time-scale": "-1" }, '--time-scale takes a number >= 0 (0 stops the clock), got "-1".'],
    [{ "time-scale": "fast" }, '--time-scale takes a number >= 0 (0 stops the clock), got "fast".'],
    [{ "time-scale": " " }, '--time-scale takes a number >= 0 (0 stops the clock), got " ".'],
  ])("refuses %j naming the flag, the value and what is allowed", (values, message) => {
    expect(() => mockCommandOptions(values)).toThrow(message);
  });

  it("refuses an unknown scenario naming --scenario", () => {
    expect(() => mockCommandOptions({ scenario: ["explode"] })).toThrow(/--scenario: unknown scenario "explode"/);
  });

  it("says why the server could not listen: a port in use, or the system's reason", () => {
    const inUse = Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" });
    expect(listenFailure({ host: "127.0.0.1", port: 4010 }, inUse)).toBe(
      "cannot listen on 127.0.0.1:4010: the port is in use; pick another with --port.",
    );
    expect(listenFailure({ host: "10.9.9.9", port: 1 }, new Error("listen EADDRNOTAVAIL 10.9.9.9:1"))).toBe(
      "cannot listen on 10.9.9.9:1: listen EADDRNOTAVAIL 10.9.9.9:1.",
    );
  });

  it("shows each flag's syntax for help", () => {
    expect(Object.values(mockFlags).map((flag) => flag.flags)).toEqual([
      "--port <port>",
      "--host <host>",
      "--time-scale <factor>",
      "--scenario <text>",
    ]);
  });
});

describe("the built @tokenops/testing/cli entry", () => {
  /** Every bare module the built file and the chunks it imports load, following relative imports. */
  function modulesLoadedBy(file: URL, seen = new Set<string>()): Set<string> {
    const bare = new Set<string>();
    if (seen.has(file.href)) return bare;
    seen.add(file.href);
    const code = readFileSync(fileURLToPath(file), "utf8");
    for (const [, specifier] of code.matchAll(/(?:^(?:import|export)\b[^;]*?from\s*|\brequire\()"([^"]+)"/gm)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith(".")) {
        for (const name of modulesLoadedBy(new URL(specifier, file), seen)) bare.add(name);
      } else bare.add(specifier);
    }
    return bare;
  }

  it.each(["cli.js", "cli.cjs"])(
    "%s loads none of the mock: no router, validator, multipart parser or media",
    (name) => {
      const file = new URL(`../dist/${name}`, import.meta.url);
      const loaded = [...modulesLoadedBy(file)];
      expect(loaded.filter((specifier) => /ajv|busboy|range-parser|image-size|msw/.test(specifier))).toEqual([]);
      expect(loaded.every((specifier) => specifier.startsWith("node:") || specifier === "structured-headers")).toBe(
        true,
      );
    },
  );
});
