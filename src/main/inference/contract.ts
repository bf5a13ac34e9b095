/**
 * What an inference handler is: one async function from a plain input to a plain output, run in
 * the inference process (worker.ts) one request at a time. It gets the process's model caches
 * (a model loads once and serves every later request) and a signal that says the caller gave up.
 *
 * Inputs and outputs cross a process boundary by structured clone: plain objects, arrays,
 * strings, numbers, typed arrays. No functions, no class instances with behaviour, no tensors.
 */
import type { DisposableModel, ModelCache } from './modelCache'

export interface InferenceContext {
  /**
   * The cache of one kind of model (`kind`: 'classifier', 'language-model', ...), created on first
   * use with room for `capacity` models. Keys start with the run folder the model comes from and
   * a NUL (`${runDir}\0${checkpoint}`), so deleting a run frees its models (`InferenceHost.forgetRun`).
   */
  models<M extends DisposableModel>(kind: string, capacity: number): ModelCache<M>
  /** Aborted when the caller cancelled or its time ran out. */
  signal: AbortSignal
  /** Throws InferenceCancelledError once the signal is aborted: call it between steps. */
  checkCancelled(): void
}

/** One kind of inference: input -> output, in the inference process. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InferenceHandler<I = any, O = any> = (input: I, ctx: InferenceContext) => Promise<O>

/** A handler, imported on its first request (the process loads only the models it is asked for). */
export type HandlerLoader = () => Promise<InferenceHandler>

export class InferenceCancelledError extends Error {
  override readonly name = 'InferenceCancelledError'
}

/** What every run-based handler receives beside its own input: the run's folder (`<home>/runs/<id>`). */
export interface RunInput {
  runDir: string
}
