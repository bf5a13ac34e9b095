/**
 * Every experiment Benchtop can run, in the order the user sees them. One line adds an experiment:
 * its folder's `experiment` object (see contract.ts and README.md).
 */
import type { ExperimentInfo } from '../../shared/api'
import { capabilityNames, type AnyExperiment } from './contract'
import { experiment as charRnn } from './char-rnn'
import { experiment as resnet } from './resnet'
import { experiment as shapesCnn } from './shapes-cnn'
import { experiment as srgan } from './srgan'
import { experiment as styleTransfer } from './style-transfer'
import { experiment as triplet } from './triplet'
import { experiment as yolo } from './yolo'

export const EXPERIMENTS: readonly AnyExperiment[] = [shapesCnn, charRnn, resnet, styleTransfer, yolo, triplet, srgan]

export function findExperiment(id: string): AnyExperiment {
  const found = EXPERIMENTS.find((e) => e.id === id)
  if (!found) throw new Error(`unknown experiment '${id}'; valid experiments: ${EXPERIMENTS.map((e) => e.id).join(', ')}`)
  return found
}

const infos = new Map<AnyExperiment, ExperimentInfo>()

/** What the front ends get of an experiment: its declarations as plain JSON, no functions. */
export function experimentInfo(experiment: AnyExperiment): ExperimentInfo {
  let info = infos.get(experiment)
  if (!info) {
    info = {
      id: experiment.id,
      title: experiment.title,
      description: experiment.description,
      dataDescription: experiment.dataDescription,
      fields: experiment.fields.map((f: ExperimentInfo['fields'][number]) => ({
        ...f,
        ...('options' in f && f.options ? { options: [...f.options] } : {}),
        ...('examples' in f && f.examples ? { examples: [...f.examples] } : {}),
      })),
      presets: experiment.presets.map((p: { name: string; description: string; values: Record<string, unknown> }) => ({
        name: p.name,
        description: p.description,
        values: { ...p.values } as ExperimentInfo['presets'][number]['values'],
      })),
      defaultPreset: experiment.defaultPreset,
      datasetKinds: [...experiment.datasetKinds],
      requiredKernels: [...experiment.requiredKernels],
      metrics: experiment.metrics.map((m) => ({ ...m })),
      headline: [...experiment.headline],
      outputs: experiment.outputs.map((o) => ({ ...o })),
      capabilities: capabilityNames(experiment.capabilities),
      studies: (experiment.studies ?? []).map((s) => ({ ...s, sweep: s.sweep.map((a) => ({ key: a.key, values: [...a.values] })) })),
    }
    infos.set(experiment, info)
  }
  return info
}

/** The experiment with this id, as plain data. */
export function findExperimentInfo(id: string): ExperimentInfo {
  return experimentInfo(findExperiment(id))
}

export function listExperimentInfo(): ExperimentInfo[] {
  return EXPERIMENTS.map(experimentInfo)
}
