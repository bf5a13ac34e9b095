/**
 * The words the training loop sampled at the end of each epoch (`samples/words.jsonl`, one record
 * per epoch: { count, topK, temperature, words }), as a timeline by epoch.
 */
import type { CheckpointInfo, SampleRecord } from '../../../../shared/api'
import type { LmSampledWord } from '../../../../shared/lm/api'

/**
 * The char-rnn samples the language-model panel shows (the epoch timeline; the word table re-scores
 * the seed's words at any checkpoint), so the run page's Outputs card leaves them out.
 */
export const LM_PANEL_SAMPLES: readonly string[] = ['words', 'word_probs']

export interface TimelineEntry {
  epoch: number
  step: number
  topK: number | null
  temperature: number | null
  words: LmSampledWord[]
}

function isSampledWord(value: unknown): value is LmSampledWord {
  if (!value || typeof value !== 'object') return false
  const w = value as Partial<LmSampledWord>
  return typeof w.word === 'string' && Array.isArray(w.letters) && w.letters.every((l) => l && typeof l.letter === 'string' && typeof l.p === 'number')
}

/**
 * One entry per epoch, oldest first. An epoch is the checkpoint saved at the record's step, else
 * step / stepsPerEpoch; a resumed run that sampled an epoch twice shows the later record.
 */
export function epochTimeline(records: readonly SampleRecord[], checkpoints: readonly CheckpointInfo[], stepsPerEpoch: number | undefined): TimelineEntry[] {
  const byEpoch = new Map<number, TimelineEntry>()
  records.forEach((record, i) => {
    const value = record.value as { words?: unknown; topK?: unknown; temperature?: unknown } | null
    if (!value || !Array.isArray(value.words) || !value.words.every(isSampledWord)) return
    const epoch = checkpoints.find((c) => c.step === record.step)?.epoch ?? (stepsPerEpoch ? Math.round(record.step / stepsPerEpoch) : i + 1)
    byEpoch.set(epoch, {
      epoch,
      step: record.step,
      topK: typeof value.topK === 'number' ? value.topK : null,
      temperature: typeof value.temperature === 'number' ? value.temperature : null,
      words: value.words,
    })
  })
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch)
}
