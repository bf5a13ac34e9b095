/**
 * The `stylise` capability: a finished run's style (its style image, layers, weights, optimiser,
 * size and seed) applied to another content image, in the inference process. Style transfer has
 * no trained network to reuse (the run optimised one image's pixels), so restyling is the same
 * optimisation again on the new content: `steps` (default the run's own) on the native backend.
 * Nothing is written to the run; the result comes back as a PNG.
 */
import type { StyliseRequest, StyliseResult } from '../../../shared/api'
import type { InferenceContext, RunInput } from '../../inference/contract'
import { inferenceBackend } from '../../predict/backend'
import { RunStore } from '../../store'
import type { StyleTransferConfig } from './definition'
import { IMAGE_SERIES, METRICS } from './names'
import { prepare, runStyleTransfer } from './run'

/** More steps than this is a new run's job (with its curves and frames), not a restyle. */
export const MAX_STYLISE_STEPS = 1000

export interface StyliseInput extends RunInput, StyliseRequest {}

export async function stylise(input: StyliseInput, ctx: InferenceContext): Promise<StyliseResult> {
  const { store, id } = RunStore.ofRunDir(input.runDir)
  const params = store.readParams(id) as { config: StyleTransferConfig; seed: number }
  const steps = input.steps ?? params.config.steps
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STYLISE_STEPS) throw new Error(`steps must be a whole number from 1 to ${MAX_STYLISE_STEPS}, got ${steps}`)
  const config: StyleTransferConfig = { ...params.config, content: input.content, steps, imageEvery: steps }
  const backend = await inferenceBackend()
  const prepared = await prepare(config)
  ctx.checkCancelled()
  let result: { png: Uint8Array; step: number } | null = null
  let loss = NaN
  await runStyleTransfer(config, params.seed, prepared, {
    metric: (name, _step, value) => {
      if (name === METRICS.total) loss = value
    },
    progress: () => {},
    image: (series, step, png) => {
      if (series === IMAGE_SERIES.result) result = { png, step }
    },
    log: () => {},
    shouldStop: () => ctx.signal.aborted,
  })
  ctx.checkCancelled()
  const done = result as { png: Uint8Array; step: number } | null
  if (!done) throw new Error('the optimisation ended without a result')
  return { runId: id, pngBase64: Buffer.from(done.png).toString('base64'), steps: done.step, loss, backend }
}
