/**
 * Loading a char-rnn run's model from one of its checkpoints, rebuilt from the run's
 * params.json, for scoring and sampling outside training (command line, app).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
// Scoring a few words needs no fast backend; the cpu one is there in every process.
import '@tensorflow/tfjs-backend-cpu'
import type { CheckpointInfo, RunMeta } from '../../shared/api'
import { buildCharModel, type CharModel } from '../experiments/char-rnn/model'
import type { CharRnnConfig } from '../experiments/char-rnn/definition'
import { checkpointName, loadModelWeights } from '../training/checkpoint'
import type { LetterModel } from './score'

export interface LanguageModel extends LetterModel {
  model: CharModel
  maxLength: number
  runId: string
  checkpoint: CheckpointInfo
  config: CharRnnConfig
  dispose(): void
}

function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) throw new Error(`${path.dirname(file)} is not a run folder: it has no ${what}`)
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** Names of the run's whole checkpoints, oldest first (half-written `.tmp-*` folders left out). */
export function listCheckpoints(runDir: string): string[] {
  const dir = path.join(runDir, 'checkpoints')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && existsSync(path.join(dir, name, 'checkpoint.json')))
    .sort()
}

/**
 * The model of a char-rnn run at checkpoint `wanted` (a name such as `epoch-0003`, or just the
 * epoch number), by default its last checkpoint.
 */
export async function loadLanguageModel(runDir: string, wanted?: string): Promise<LanguageModel> {
  const meta = readJson<RunMeta>(path.join(runDir, 'meta.json'), 'meta.json')
  if (meta.experiment !== 'char-rnn') throw new Error(`run ${meta.id} is a ${meta.experiment} run; only char-rnn runs have a language model`)
  const params = readJson<{ config: CharRnnConfig; seed: number }>(path.join(runDir, 'params.json'), 'params.json')
  const available = listCheckpoints(runDir)
  const byEpoch = wanted !== undefined && /^\d+$/.test(wanted) ? checkpointName(Number(wanted)) : wanted
  const name = byEpoch ?? (meta.lastCheckpoint ? path.basename(meta.lastCheckpoint) : available.at(-1))
  if (!name) throw new Error(`run ${meta.id} has no checkpoint yet: the first is saved when its first epoch ends`)
  if (!available.includes(name)) {
    throw new Error(`run ${meta.id} has no checkpoint '${name}'; its checkpoints: ${available.join(', ') || 'none'}`)
  }
  await tf.ready()
  const c = params.config
  const model = buildCharModel({ kind: c.model, hidden: c.hidden, layers: c.layers, seed: params.seed })
  try {
    const checkpoint = loadModelWeights(path.join(runDir, 'checkpoints', name), model)
    return {
      model,
      maxLength: c.maxLength,
      runId: meta.id,
      checkpoint,
      config: c,
      logits: (targets) => model.logits(targets),
      dispose: () => model.dispose(),
    }
  } catch (error) {
    model.dispose()
    throw error
  }
}
