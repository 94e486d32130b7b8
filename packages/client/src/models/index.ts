/**
 * The model families `videos.create` serves, as pure functions (no I/O): the params typed per family, and
 * `prepareCreate`, which maps and checks them into the body the family takes.
 */
export { type CreateAsks, checkModel, type Given } from "./check.js";
export type { CommonParams, CreateVideoParams, FamilyOfModel, ImageInput, OtherModelParams } from "./params.js";
export { type PreparedCreate, type PrepareOptions, prepareCreate } from "./prepare.js";
