/**
 * `@tokenops/testing`: test the TokenOps video API without credentials or cost — typed fixtures,
 * real media files, and a stateful mock server that behaves like the real service. The MSW
 * handlers are in `@tokenops/testing/msw`.
 *
 * @module @tokenops/testing
 */
export { createMockApi, type MockApi, type MockControls, type MockScenarios } from "./core/api.js";
export type { BodyLimits } from "./core/call.js";
export type { ClockOptions } from "./core/clock.js";
export { type AspectRatio, aspectRatios, type JobFamily } from "./core/families.js";
export type { JobTiming, MockJob, MockVideos, ReferenceImageInfo } from "./core/jobs.js";
export type { MediaRequest, MediaSource } from "./core/media.js";
export type { MockOptions } from "./core/options.js";
export type { MockRequestRecord } from "./core/request-log.js";
export { scenarioFlag, scenariosFromFlags } from "./core/scenario-flag.js";
export {
  type Scenario,
  ScenarioError,
  type ScenarioInput,
  type ScenarioName,
  type ScenarioOperation,
  scenarioNames,
  type Times,
} from "./core/scenarios.js";
export type {
  ContentVariant,
  OperationId,
  Video,
  VideoSeconds,
  VideoSize,
  VideoStatus,
  VideoVariant,
} from "./core/spec.js";
export * from "./fixtures/index.js";
export { mediaPath } from "./node/media-path.js";
export { type MockServer, type MockServerOptions, startMockServer } from "./server.js";
