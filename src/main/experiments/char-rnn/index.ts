import type { MetricSpec } from '../../../shared/api'
import { defineExperiment } from '../contract'
import { DEFAULT_MAX_LENGTH } from './alphabet'
import { fields } from './fields'

/**
 * Kernels a backend must have to train and sample the letter models (measured with tf.profile
 * over a training step, sampling and scoring of all three models). No convolutions: every
 * backend Benchtop knows has these, wasm included.
 */
export const LM_TRAINING_KERNELS = [
  'BatchMatMul', 'Tanh', 'Sigmoid', 'OneHot', 'Pack', 'Unpack', 'Concat', 'Slice', 'PadV2', 'Transpose',
  'Floor', 'Minimum', 'AddN', 'Sum', 'Sqrt', 'Square', 'RealDiv', 'Multiply', 'Add', 'Sub', 'Cast',
]

const METRICS: readonly MetricSpec[] = [
  { name: 'loss', label: 'loss (batch, summed over a word\'s letters)', cadence: 'step', direction: 'lower', unit: 'nats per word' },
  { name: 'grad_norm', label: 'gradient norm before clipping', cadence: 'step', direction: 'lower', unit: '' },
  { name: 'epoch_loss', label: 'training loss (epoch mean)', cadence: 'epoch', direction: 'lower', unit: 'nats per word' },
  { name: 'perplexity', label: 'training perplexity per letter', cadence: 'epoch', direction: 'lower', unit: 'per letter' },
  { name: 'val_loss', label: 'held-out loss', cadence: 'epoch', direction: 'lower', unit: 'nats per word' },
  { name: 'val_perplexity', label: 'held-out perplexity per letter', cadence: 'epoch', direction: 'lower', unit: 'per letter' },
]

/**
 * The seed's letter-level language models: RNN1 (a tanh RNN written out with tf ops) and RNN2
 * (Embedding + GRU + dropout), plus an LSTM and stacked layers from the course notes. Trains
 * on English words and reports how likely it finds real words and their misspellings.
 */
export const experiment = defineExperiment({
  id: 'char-rnn',
  title: 'Letter-level language model',
  description:
    'Predicts each next letter of a word (27 symbols: space and a-z, words padded to 20): the seed\'s hand-written RNN1, its GRU model (RNN2) or an LSTM. Trains on an English word list, an IMDb vocabulary or review folder, or any text file; reports loss and per-letter perplexity, samples words after every epoch and scores the seed\'s test words (apple vs appll, cat vs caq, ...).',
  dataDescription: 'the built-in English word list (or an IMDb vocabulary, review folder or text file given as data)',
  datasetKinds: ['words'],
  requiredKernels: [...LM_TRAINING_KERNELS],
  defaultPreset: 'quick',
  fields,
  presets: [
    {
      name: 'quick',
      description:
        "Under 3 minutes for every model on a 2-core machine: 8,000 words (7,600 trained on), 2 epochs of batch 64 (238 steps) with Adam 5e-3 so few steps still learn. Measured here (whole command, start-up included): rnn1 about 5 s, gru 12 s and lstm 15 s on the native backend (rnn1 17 s and gru 173 s on plain cpu); the real word beats its misspelling in 7 (rnn1) and 8 (gru) of the seed's 10 pairs (the seed's own RNN1: 8).",
      values: { limit: 8000, epochs: 2, batch: 64, lr: 0.005 },
    },
    {
      name: 'seed',
      description:
        "The seed's settings: every word, 5 epochs of batch 256, Adam 1e-3, gradient norm clipped at 0.5.",
      values: { limit: 0, epochs: 5, batch: 256, lr: 0.001, clip: 0.5, maxLength: DEFAULT_MAX_LENGTH },
    },
  ],
  metrics: METRICS,
  // Perplexity, not the summed loss: it reads the same for any word length and batch.
  headline: ['val_perplexity', 'perplexity'],
  outputs: [
    { kind: 'scalars', name: 'scalars', description: 'Loss and gradient norm per step; loss and perplexity per epoch, held out and trained on.' },
    { kind: 'words', name: 'words', description: 'Words sampled after every epoch (top-3, temperature 1).' },
    { kind: 'words', name: 'word_probs', description: "The seed's test words and their misspellings, scored after every epoch." },
  ],
  capabilities: {
    languageModel: {
      maxLength: (c) => c.maxLength,
      build: async () => {
        const { buildCharModel } = await import('./model')
        return (c, seed) => buildCharModel({ kind: c.model, hidden: c.hidden, layers: c.layers, seed })
      },
    },
  },
  trainer: async () => (await import('./train')).trainCharRnn,
  benchStep: async () => (await import('./benchStep')).charRnnBenchStep,
})
