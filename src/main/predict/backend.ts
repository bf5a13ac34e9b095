/**
 * The backend predictions run on in this process: Benchtop's `native` one where its addon loads
 * (its convolutions are about 100x the plain-JS ones), else the plain-JS `cpu` one, which every
 * process has. A backend someone else already chose (tensorflow through tfjs-node) is kept.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { NATIVE_BACKEND, registerNativeBackend } from '../engine/native'

let chosen: Promise<string> | null = null

async function choose(): Promise<string> {
  tf.enableProdMode()
  await tf.ready()
  if (tf.getBackend() === 'tensorflow') return 'tensorflow'
  if (registerNativeBackend() && (await tf.setBackend(NATIVE_BACKEND))) return NATIVE_BACKEND
  await tf.setBackend('cpu')
  return 'cpu'
}

/** Selects the backend once per process and returns its name. */
export function inferenceBackend(): Promise<string> {
  chosen ??= choose()
  return chosen
}
