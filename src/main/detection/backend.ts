/**
 * Picks the TensorFlow.js backend the detector runs on, through the engine's own probe
 * (src/main/engine/backends.ts), so loading and reporting stay in one place.
 *
 * Two differences from training: the order, and what "works" means.
 *  - Order: INFERENCE_ORDER puts native before wasm and cpu. CenterNet is depthwise convolutions
 *    and small 1x1 convolutions; native ran it at 1.7x wasm's inference time on 2026-12-02, and at
 *    0.46-0.54x on 2026-12-03 (`npm run bench:detect`, runs interleaved) once its kernel outputs
 *    were recycled and Concat, ResizeBilinear and Sigmoid became native. Where the addon is not
 *    built, wasm is next.
 *  - The probe's self-test trains a convolution (it needs the gradient kernels), which wasm
 *    lacks. A backend that loaded, has every kernel of DETECTOR_KERNELS and fails only that test
 *    is still used for inference, after a forward-only self-test.
 */
import * as tf from '@tensorflow/tfjs-core'
import { BACKEND_ORDER, type BackendName, type BackendReport } from '../../shared/api'
import { probeBackends } from '../engine/backends'
import { NATIVE_BACKEND } from '../engine/native'
import { DETECTOR_KERNELS } from './centernet'

export const INFERENCE_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu']

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name)
}

/** The name tfjs registers each backend under. */
export function tfBackendName(name: BackendName): string {
  if (name === 'tensorflow-gpu') return 'tensorflow'
  if (name === 'native') return NATIVE_BACKEND
  return name
}

export interface BackendChoice {
  name: BackendName
  /** Each backend tried, as the probe reported it (with the inference fallback's outcome). */
  reports: BackendReport[]
}

/** A forward pass through the kinds of layer CenterNet has; returns why it failed, or null. */
async function inferenceSelfTest(tfName: string): Promise<string | null> {
  try {
    if (!(await tf.setBackend(tfName))) return 'tf.setBackend returned false'
    await tf.ready()
    const missing = DETECTOR_KERNELS.filter((k) => tf.getKernel(k, tfName) === undefined)
    if (missing.length > 0) return `no ${missing.join(', ')} kernel`
    const out = tf.tidy(() => {
      const x = tf.randomUniform([1, 16, 16, 8], 0, 255, 'float32', 1) as tf.Tensor4D
      const dw = tf.randomUniform([3, 3, 8, 1], -1, 1, 'float32', 2) as tf.Tensor4D
      const pw = tf.randomUniform([1, 1, 8, 4], -1, 1, 'float32', 3) as tf.Tensor4D
      const y = tf.relu6(tf.depthwiseConv2d(x, dw, 1, 'same'))
      return tf.mean(tf.sigmoid(tf.conv2d(y, pw, 1, 'same')))
    })
    const value = (await out.data())[0]
    out.dispose()
    return Number.isFinite(value) ? null : 'the forward self-test gave a non-finite value'
  } catch (error) {
    return (error as Error).message.split('\n')[0]
  }
}

const chosen = new Map<string, Promise<BackendChoice>>()

/**
 * Selects (and activates) the backend for inference: `force` alone, or the first of
 * INFERENCE_ORDER that works. Throws, listing every reason, when none does. The choice is
 * remembered for the process; calling again re-activates it.
 */
export async function selectInferenceBackend(force?: BackendName): Promise<BackendChoice> {
  const key = force ?? ''
  let pending = chosen.get(key)
  if (!pending) {
    pending = choose(force)
    chosen.set(key, pending)
    pending.catch(() => chosen.delete(key))
  }
  const choice = await pending
  await activateBackend(choice.name)
  return choice
}

/** Makes an already selected backend the active one again (another may have been set since). */
export async function activateBackend(name: BackendName): Promise<void> {
  const tfName = tfBackendName(name)
  if (tf.getBackend() === tfName) return
  if (!(await tf.setBackend(tfName))) throw new Error(`cannot switch back to the ${name} backend`)
}

async function choose(force?: BackendName): Promise<BackendChoice> {
  if (force && !isBackendName(force)) throw new Error(`unknown backend '${force}'; backends: ${BACKEND_ORDER.join(', ')}`)
  const reports: BackendReport[] = []
  for (const name of force ? [force] : INFERENCE_ORDER) {
    const report = (await probeBackends({ required: DETECTOR_KERNELS, force: name })).find((r) => r.name === name)!
    reports.push(report)
    if (report.selected) return { name, reports }
    // Loaded, every kernel present, but the training self-test failed: try inference alone.
    if (report.tried && report.version !== null && report.missingKernels.length === 0) {
      const failure = await inferenceSelfTest(tfBackendName(name))
      if (failure === null) {
        report.ok = true
        report.selected = true
        report.reason = `used for inference only (${report.reason ?? 'the training self-test failed'})`
        return { name, reports }
      }
      report.reason = `${report.reason ?? 'failed'}; inference self-test: ${failure}`
    }
  }
  const why = reports.map((r) => `${r.name}: ${r.reason ?? 'failed'}`).join('; ')
  throw new Error(force ? `backend ${force} cannot run the detector: ${why}` : `no backend can run the detector: ${why}`)
}
