import type { ExperimentInfo } from '../../../shared/api'
import { DEFAULT_MAX_LENGTH } from './alphabet'
import type { CharModelKind } from './model'

/**
 * Kernels a backend must have to train and sample the letter models (measured with tf.profile
 * over a training step, sampling and scoring of all three models). No convolutions: every
 * backend Benchtop knows has these, wasm included.
 */
export const LM_TRAINING_KERNELS = [
  'BatchMatMul', 'Tanh', 'Sigmoid', 'OneHot', 'Pack', 'Unpack', 'Concat', 'Slice', 'PadV2', 'Transpose',
  'Floor', 'Minimum', 'AddN', 'Sum', 'Sqrt', 'Square', 'RealDiv', 'Multiply', 'Add', 'Sub', 'Cast',
]

/** A run's resolved config (see the fields below). */
export interface CharRnnConfig {
  model: CharModelKind
  hidden: number
  layers: number
  epochs: number
  batch: number
  lr: number
  clip: number
  maxLength: number
  limit: number
  source: 'vocab' | 'reviews'
  reviews: number
}

/**
 * The seed's letter-level language models: RNN1 (a tanh RNN written out with tf ops) and RNN2
 * (Embedding + GRU + dropout), plus an LSTM and stacked layers from the course notes. Trains
 * on English words and reports how likely it finds real words and their misspellings.
 */
export const charRnn: ExperimentInfo = {
  id: 'char-rnn',
  title: 'Letter-level language model',
  description:
    'Predicts each next letter of a word (27 symbols: space and a-z, words padded to 20): the seed\'s hand-written RNN1, its GRU model (RNN2) or an LSTM. Trains on an English word list, an IMDb vocabulary or review folder, or any text file; reports loss and per-letter perplexity, samples words after every epoch and scores the seed\'s test words (apple vs appll, cat vs caq, ...).',
  datasetKinds: ['words'],
  requiredKernels: [...LM_TRAINING_KERNELS],
  defaultPreset: 'quick',
  fields: [
    { key: 'model', type: 'enum', default: 'rnn1', options: ['rnn1', 'gru', 'lstm'], why: "rnn1 is the seed's hand-written tanh cell on one-hot letters; gru is its RNN2 (Embedding 64, dropout 0.2, GRU); lstm swaps the GRU for an LSTM cell." },
    { key: 'hidden', type: 'integer', default: 0, min: 0, max: 1024, why: "Units per recurrent layer; 0 takes the seed's size for the model: 32 for rnn1, 64 for gru and lstm." },
    { key: 'layers', type: 'integer', default: 1, min: 1, max: 4, why: 'Stacked recurrent layers (the deep RNN of the course notes); the seed uses one, and each more multiplies the step time.' },
    { key: 'epochs', type: 'integer', default: 5, min: 1, max: 1000, why: "The seed trains 5 epochs: the loss has flattened by then. One checkpoint is saved per epoch." },
    { key: 'batch', type: 'integer', default: 256, min: 1, max: 4096, why: "The seed's batch: the model is small, so large batches mean fewer, cheaper-per-word steps." },
    { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is Adam's standard default and the seed's." },
    { key: 'clip', type: 'number', default: 0.5, min: 0, max: 1000, why: "The seed clips the gradients' global norm at 0.5 (clip_grad_norm_), against the exploding gradients of recurrent nets; 0 turns clipping off." },
    { key: 'maxLength', type: 'integer', default: DEFAULT_MAX_LENGTH, min: 1, max: 64, why: 'Longer words are dropped, as in the seed (the IMDb vocabulary has 60-letter "words" whose padding would waste steps); sequences are one longer, for the ending space.' },
    { key: 'limit', type: 'integer', default: 0, min: 0, max: 10_000_000, why: 'Words used after the seeded shuffle, 0 for all: a slice of the list for quick runs; 5% of them are held out.' },
    { key: 'source', type: 'enum', default: 'vocab', options: ['vocab', 'reviews'], why: "For an aclImdb folder: train on imdb.vocab (the seed's first reader) or on the words of review files in train/pos (its second)." },
    { key: 'reviews', type: 'integer', default: 200, min: 0, max: 1_000_000, why: "With source=reviews: how many files of train/pos to read (0 for all 12,500); the seed trains on the words of 200." },
  ],
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
}
