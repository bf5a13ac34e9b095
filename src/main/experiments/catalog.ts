import type { ExperimentInfo } from '../../shared/api'
import { charRnn } from './char-rnn/definition'
import { resnet } from './resnet/definition'
import { shapesCnn } from './shapes-cnn/definition'
import { styleTransfer } from './style-transfer/definition'

/** Every experiment Benchtop can run, in the order the user sees them. */
export const EXPERIMENTS: readonly ExperimentInfo[] = [shapesCnn, charRnn, resnet, styleTransfer]

export function findExperiment(id: string): ExperimentInfo {
  const found = EXPERIMENTS.find((e) => e.id === id)
  if (!found) throw new Error(`unknown experiment '${id}'; valid experiments: ${EXPERIMENTS.map((e) => e.id).join(', ')}`)
  return found
}
