/**
 * `npm run bench:lm`: words/s of one training epoch of the char-rnn models rnn1 and gru, next to
 * PyTorch's (../shared/peers/char_rnn_torch.py WORDS.txt --model rnn1|gru), as ratios (ours /
 * PyTorch's; the aim is at least 1). Both read the same words: the built-in English list the
 * experiment trains on (words of at most 19 letters; with --limit N, the N words its seeded
 * shuffle picks) is written to a temporary WORDS.txt, and Benchtop trains on it through the real
 * trainer with the seed preset (batch 256, Adam 1e-3, clip 0.5), which holds 5% out. The epoch
 * is timed from the first step to the last (not the held-out loss, samples and checkpoint after).
 * Prints JSON lines, then a table. Timings on a shared machine are noisy.
 *
 * Usage: tsx scripts/bench-lm.ts [--limit N] [--models rnn1,gru] [--backend NAME]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BackendName } from '../src/shared/api'
import { arg } from '../src/main/bench/args'
import { peerNumber, runPeer } from '../src/main/bench/peers'
import { round } from '../src/main/bench/stats'
import { checkBackendName, selectBackend } from '../src/main/bench/stepBench'
import { resolveConfig } from '../src/main/experiments/config'
import { prepareWords } from '../src/main/experiments/char-rnn/data'
import type { CharRnnConfig } from '../src/main/experiments/char-rnn/fields'
import { findExperimentInfo } from '../src/main/experiments/registry'
import { createTrainerContext } from '../src/main/training/context'
import { trainCharRnn } from '../src/main/experiments/char-rnn/train'
import { builtinWords, readTextFile } from '../src/main/experiments/char-rnn/wordSource'

const charRnn = findExperimentInfo('char-rnn')

function line(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

const limitText = arg('limit') ?? '0'
const limit = Number(limitText)
if (!Number.isInteger(limit) || limit < 0) throw new Error(`--limit must be a whole number (0 for every word), got '${limitText}'`)
const models = (arg('models') ?? 'rnn1,gru').split(',')
const force: BackendName | undefined = arg('backend') ? checkBackendName(arg('backend')!) : undefined
const seed = 1

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-lm-'))
const { config: seedConfig } = resolveConfig(charRnn, 'seed')
const maxLength = seedConfig.maxLength as number
const chosen = prepareWords(builtinWords().words, { seed, limit, maxLength })
const wordsFile = path.join(dir, 'WORDS.txt')
writeFileSync(wordsFile, [...chosen.train, ...chosen.val].join('\n') + '\n')
// What the trainer will train on from that file: the same preparation, 5% held out.
const trained = prepareWords(readTextFile(wordsFile).words, { seed, limit: 0, maxLength }).train.length
line({ bench: 'words', file: wordsFile, words: chosen.train.length + chosen.val.length, trained_by_benchtop: trained, max_length: maxLength })

const backend = await selectBackend(charRnn.requiredKernels, force)

/** One epoch through the real trainer: seconds from its first step to its last, and the epoch's loss. */
async function ourEpoch(model: string): Promise<{ seconds: number; epochLoss: number; batch: number }> {
  const { config } = resolveConfig(charRnn, 'seed', { model, epochs: 1, limit: 0 })
  let start = 0
  let end = 0
  let epochLoss = NaN
  const runDir = mkdtempSync(path.join(dir, `run-${model}-`))
  await trainCharRnn(
    { runId: 'bench', experiment: 'char-rnn', config: config as CharRnnConfig, seed, data: wordsFile, backend, home: dir, runDir, resumeFrom: null },
    createTrainerContext({
      runDir,
      resumeFrom: null,
      reporter: {
        metric: (name, _step, _epoch, value) => {
          if (name === 'epoch_loss') epochLoss = value
        },
        progress: (step, _epoch, totalSteps) => {
          if (step === 0) start = performance.now()
          if (step === totalSteps) end = performance.now()
        },
        sample: () => {},
        log: () => {},
      },
    }),
  )
  return { seconds: (end - start) / 1000, epochLoss, batch: config.batch as number }
}

const rows: Array<{ model: string; ours: number; theirs: number | null }> = []
try {
  for (const model of models) {
    const ours = await ourEpoch(model)
    const oursRate = trained / ours.seconds
    const peer = runPeer('char_rnn_torch.py', [wordsFile, '--model', model, '--epochs', '1'])
    const theirs = peer.available ? peerNumber(peer, 'words_per_s', 'char_rnn_torch.py') : null
    rows.push({ model, ours: oursRate, theirs })
    line({
      bench: 'lm-epoch',
      model,
      backend,
      batch: ours.batch,
      words: trained,
      seconds: round(ours.seconds),
      words_per_s: round(oursRate, 1),
      // Ours sums the cross-entropy over a word's letters; PyTorch's is the mean per letter.
      loss_per_letter: round(ours.epochLoss / (maxLength + 1), 4),
      pytorch_words_per_s: theirs,
      pytorch_loss_per_letter: peer.available ? peer.last_epoch_loss : null,
      ratio_to_pytorch: theirs === null ? null : round(oursRate / theirs, 2),
      ...(peer.available ? { pytorch_words: peer.words, pytorch_seconds: peer.seconds } : { pytorch: peer }),
    })
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

console.log(`\nwords/s, one training epoch of ${trained} words, ${backend} vs PyTorch (aim: ratio >= 1; noisy: a shared 2-core machine):`)
console.log(`${'model'.padEnd(8)}${'ours'.padStart(10)}${'pytorch'.padStart(10)}${'ratio'.padStart(8)}  aim`)
for (const r of rows) {
  const ratio = r.theirs === null ? null : r.ours / r.theirs
  console.log(`${r.model.padEnd(8)}${r.ours.toFixed(0).padStart(10)}${(r.theirs === null ? '-' : r.theirs.toFixed(0)).padStart(10)}${(ratio === null ? '-' : ratio.toFixed(2)).padStart(8)}  ${ratio === null ? 'not measured' : ratio >= 1 ? 'met' : 'missed'}`)
}
