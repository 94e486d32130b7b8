import type {
  HailuoCreateRequest,
  JimengCreateRequest,
  KnownModel,
  ModelFamily,
  modelFamilies,
  SeedanceCreateRequest,
  SoraCreateRequest,
  VideoContentItem,
} from "@tokenops/contract";

/** `"4" | "8" | "12"` read as the numbers 4 | 8 | 12. */
type AsNumber<T> = T extends `${infer N extends number}` ? N : never;

/** The prefixes a family's model ids start with. */
type Prefix<F extends ModelFamily> = (typeof modelFamilies)[F]["prefixes"][number];

/**
 * The family a model id belongs to, by its prefix (as `familyOf` finds it at run time); `never` for a model of
 * no known family.
 *
 * @example
 * ```ts
 * const family: FamilyOfModel<"MiniMax-Hailuo-2.3"> = "hailuo";
 * ```
 */
export type FamilyOfModel<M extends string> = {
  [F in ModelFamily]: M extends `${Prefix<F>}${string}` ? F : never;
}[ModelFamily];

/**
 * An image given to a JSON family: a File or Blob (sent as a base64 data URL), an http(s) URL or a data URL.
 *
 * @example
 * ```ts
 * const image: ImageInput = "https://example.com/first-frame.png";
 * ```
 */
export type ImageInput = Blob | string;

/**
 * The parameters every model takes, mapped to each family's own fields: `prompt`, `seconds`, `image` (the first
 * frame), `lastFrame`, `ratio`, `resolution` and `audio` (make sound). A model that cannot honour one is refused
 * before sending, naming the models that can.
 *
 * @example
 * ```ts
 * const common: CommonParams = { prompt: "A lighthouse at dawn", seconds: 5, ratio: "16:9", audio: true };
 * ```
 */
export interface CommonParams {
  /** What the video shows. */
  prompt?: string;
  /** The duration in seconds. */
  seconds?: number | string;
  /** The first frame. */
  image?: ImageInput;
  /** The last frame (on models that take first and last frames). */
  lastFrame?: ImageInput;
  /** The aspect ratio, e.g. "16:9". */
  ratio?: string;
  /** The resolution, e.g. "720p". */
  resolution?: string;
  /** Whether the video has sound (on models that can make it). */
  audio?: boolean;
}

type Common<Overrides> = Omit<CommonParams, keyof Overrides> & Overrides;

type SoraSeconds = NonNullable<SoraCreateRequest["seconds"]>;
type SeedanceRatio = NonNullable<SeedanceCreateRequest["ratio"]>;
type JimengRatio = NonNullable<JimengCreateRequest["aspect_ratio"]>;
type HailuoSeconds = NonNullable<HailuoCreateRequest["seconds"]>;

/** Each family's params: its native fields (spec schema) and the common ones, typed by what the family takes. */
interface FamilyParams {
  sora: Omit<SoraCreateRequest, "model" | "seconds"> &
    Common<{ seconds?: SoraSeconds | AsNumber<SoraSeconds>; image?: Blob; ratio?: "16:9" | "9:16" }>;
  seedance: Omit<SeedanceCreateRequest, "model" | "content"> &
    Common<{ content?: VideoContentItem[]; ratio?: SeedanceRatio; resolution?: SeedanceCreateRequest["resolution"] }>;
  jimeng: Omit<JimengCreateRequest, "model" | "req_key" | "prompt"> &
    Common<{ req_key?: JimengCreateRequest["req_key"]; prompt: string; ratio?: JimengRatio }>;
  hailuo: Omit<HailuoCreateRequest, "model" | "seconds"> &
    Common<{ seconds?: HailuoSeconds | AsNumber<HailuoSeconds>; resolution?: HailuoCreateRequest["resolution"] }>;
}

/**
 * What a model of no known family takes: anything, sent as given (as JSON).
 *
 * @example
 * ```ts
 * const params: OtherModelParams = { model: "kling-v2", prompt: "A lighthouse at dawn", cfg_scale: 0.5 };
 * ```
 */
export type OtherModelParams<M extends string = string> = { model: M } & CommonParams & { [field: string]: unknown };

/**
 * What `videos.create` takes for model `M`: a model of a known family (by its id's prefix) takes that family's
 * native fields (the spec's schema for its body) plus the {@link CommonParams}, and nothing else; any other model
 * takes any fields. A function generic in `M` (`prepareCreate`) infers it from the literal id and checks
 * precisely. Without `M`, any of these: a `model` typed `string` (read from a config) fits, so TypeScript cannot
 * refuse a known model's excess fields there — write `CreateVideoParams<"sora-2">` to have it check them.
 *
 * @example
 * ```ts
 * const sora: CreateVideoParams<"sora-2"> = { model: "sora-2", prompt: "A paper boat", size: "1280x720", seconds: 8 };
 * const seedance: CreateVideoParams<"doubao-seedance-1-0-pro-250528"> = {
 *   model: "doubao-seedance-1-0-pro-250528",
 *   prompt: "A paper boat",
 *   seconds: 5,
 *   ratio: "16:9",
 * };
 * const other: CreateVideoParams<"kling-v2"> = { model: "kling-v2", prompt: "A paper boat", mode: "pro" };
 * ```
 */
export type CreateVideoParams<M extends string = KnownModel | (string & {})> = M extends string
  ? [FamilyOfModel<M>] extends [never]
    ? OtherModelParams<M>
    : { model: M } & FamilyParams[FamilyOfModel<M>]
  : never;
