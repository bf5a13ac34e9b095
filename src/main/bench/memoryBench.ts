/** Leak check over many training steps: live tensors and process RSS after warm-up and after `steps` more. */
import v8 from 'node:v8'
import vm from 'node:vm'
import * as tf from '@tensorflow/tfjs-core'
import type { BenchStep } from '../experiments/contract'
import { round } from './stats'

export interface MemoryReport {
  steps: number
  tensorsBefore: number
  tensorsAfter: number
  rssBeforeMb: number
  rssAfterMb: number
  /** (after - before) / before, in percent. */
  rssChangePct: number
}

/**
 * A full garbage collection before each reading, so RSS shows what is still held rather than
 * when the collector last ran (the flag is set at run time: tsx gives no way to pass it).
 */
v8.setFlagsFromString('--expose-gc')
const collect = vm.runInNewContext('gc') as () => void

function rssMb(): number {
  collect()
  return process.memoryUsage().rss / 2 ** 20
}

export async function memoryAcrossSteps(bench: BenchStep, options: { warmup: number; steps: number }): Promise<MemoryReport> {
  for (let i = 0; i < options.warmup; i++) await bench.step()
  const tensorsBefore = tf.memory().numTensors
  const rssBefore = rssMb()
  for (let i = 0; i < options.steps; i++) await bench.step()
  const tensorsAfter = tf.memory().numTensors
  const rssAfter = rssMb()
  return {
    steps: options.steps,
    tensorsBefore,
    tensorsAfter,
    rssBeforeMb: round(rssBefore, 1),
    rssAfterMb: round(rssAfter, 1),
    rssChangePct: round(((rssAfter - rssBefore) / rssBefore) * 100, 1),
  }
}
