import { errorCodes } from "@tokenops/contract";
import { describe, expect, it } from "vitest";
import {
  FailedDependencyError,
  ModelAccessError,
  ModelRateLimitError,
  OverdueBalanceError,
  PermissionDeniedError,
  RateLimitError,
} from "../../../src/index.js";
import { clientFor, rejection, statusesOf, useMock } from "../helpers.js";

const seedance = { model: "doubao-seedance-1-0-pro-250528", prompt: "A red kite over a beach" } as const;

describe("TokenOps' error codes, against the mock's error-code scenario", () => {
  const mock = useMock();

  it("2103 (overdue balance): OverdueBalanceError after exactly one request, saying to top up", async () => {
    mock().scenarios.use("error-code;code=2103;times=always");
    const error = await rejection(clientFor(mock()).videos.create(seedance));
    expect(error).toBeInstanceOf(OverdueBalanceError);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: 2103 });
    expect(error.message).toMatch(/top up the TokenOps account/);
    expect(statusesOf(mock(), "createVideo")).toEqual([403]);
  });

  it("2102 (no access to the model): ModelAccessError after one request, pointing at tokenops models", async () => {
    mock().scenarios.use("error-code;code=2102;times=always");
    const error = await rejection(clientFor(mock()).videos.retrieve("cgt-1"));
    expect(error).toBeInstanceOf(ModelAccessError);
    expect(error.message).toMatch(/ask TokenOps for access to this model, or pick another \(`tokenops models`/);
    expect(statusesOf(mock(), "getVideoStatus")).toEqual([403]);
  });

  it("2007 and 2008: retried after Retry-After, then a ModelRateLimitError that says which limit", async () => {
    mock().scenarios.use("error-code;code=2007;retry-after=0;operation=createVideo");
    const created = await clientFor(mock()).videos.create(seedance);
    expect(created.status).toBe("in_queue");
    expect(statusesOf(mock(), "createVideo")).toEqual([429, 200]);

    for (const code of [2007, 2008] as const) {
      mock().reset();
      mock().scenarios.use(`error-code;code=${code};retry-after=0;times=always`);
      const error = await rejection(clientFor(mock(), { maxRetries: 2 }).videos.create(seedance));
      expect(error).toBeInstanceOf(ModelRateLimitError);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as ModelRateLimitError).limit).toBe(errorCodes[code].limit);
      expect(error.message).toMatch(new RegExp(`the model's ${errorCodes[code].limit}-per-minute limit`));
      expect(statusesOf(mock(), "createVideo")).toEqual([429, 429, 429]);
    }
  });

  it("424 on a create: 2003 and 2006 are not retried and say the job may exist; 2002 is retried", async () => {
    for (const code of [2003, 2006]) {
      mock().reset();
      mock().scenarios.use(`error-code;code=${code};operation=createVideo`);
      const error = await rejection(clientFor(mock()).videos.create(seedance));
      expect(error).toBeInstanceOf(FailedDependencyError);
      expect(error).toMatchObject({ status: 424, code });
      expect(error.message).toMatch(/The job may exist all the same: look for it \(videos\.list\) or wait/);
      expect(statusesOf(mock(), "createVideo")).toEqual([424]);
    }
    mock().reset();
    mock().scenarios.use("error-code;code=2002;operation=createVideo");
    await clientFor(mock()).videos.create(seedance);
    expect(statusesOf(mock(), "createVideo")).toEqual([424, 200]);
  });

  it("424 on a read is retried, whatever the code", async () => {
    const client = clientFor(mock());
    const created = await client.videos.create(seedance);
    mock().scenarios.use("error-code;code=2003;operation=getVideoStatus");
    expect((await client.videos.retrieve(created.id)).id).toBe(created.id);
    expect(statusesOf(mock(), "getVideoStatus")).toEqual([424, 200]);
  });
});
