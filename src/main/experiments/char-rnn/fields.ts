import type { ConfigOf, FieldSpec } from '../contract'
import { DEFAULT_MAX_LENGTH } from './alphabet'

/** char-rnn's config fields, each default with its reason; the config type is derived from them. */
export const fields = [
  { key: 'model', type: 'enum', shape: true, default: 'rnn1', options: ['rnn1', 'gru', 'lstm'], why: "rnn1 is the seed's hand-written tanh cell on one-hot letters; gru is its RNN2 (Embedding 64, dropout 0.2, GRU); lstm swaps the GRU for an LSTM cell." },
  { key: 'hidden', type: 'integer', shape: true, default: 0, min: 0, max: 1024, why: "Units per recurrent layer; 0 takes the seed's size for the model: 32 for rnn1, 64 for gru and lstm." },
  { key: 'layers', type: 'integer', shape: true, default: 1, min: 1, max: 4, why: 'Stacked recurrent layers (the deep RNN of the course notes); the seed uses one, and each more multiplies the step time.' },
  { key: 'epochs', type: 'integer', default: 5, min: 1, max: 1000, why: "The seed trains 5 epochs: the loss has flattened by then. One checkpoint is saved per epoch." },
  { key: 'batch', type: 'integer', default: 256, min: 1, max: 4096, why: "The seed's batch: the model is small, so large batches mean fewer, cheaper-per-word steps." },
  { key: 'lr', type: 'number', default: 0.001, min: 1e-6, max: 1, why: "Adam's learning rate; 1e-3 is Adam's standard default and the seed's." },
  { key: 'clip', type: 'number', default: 0.5, min: 0, max: 1000, why: "The seed clips the gradients' global norm at 0.5 (clip_grad_norm_), against the exploding gradients of recurrent nets; 0 turns clipping off." },
  { key: 'maxLength', type: 'integer', default: DEFAULT_MAX_LENGTH, min: 1, max: 64, why: 'Longer words are dropped, as in the seed (the IMDb vocabulary has 60-letter "words" whose padding would waste steps); sequences are one longer, for the ending space.' },
  { key: 'limit', type: 'integer', default: 0, min: 0, max: 10_000_000, why: 'Words used after the seeded shuffle, 0 for all: a slice of the list for quick runs; 5% of them are held out.' },
  { key: 'source', type: 'enum', default: 'vocab', options: ['vocab', 'reviews'], why: "For an aclImdb folder: train on imdb.vocab (the seed's first reader) or on the words of review files in train/pos (its second)." },
  { key: 'reviews', type: 'integer', default: 200, min: 0, max: 1_000_000, why: "With source=reviews: how many files of train/pos to read (0 for all 12,500); the seed trains on the words of 200." },
] as const satisfies readonly FieldSpec[]

/** A run's resolved config. */
export type CharRnnConfig = ConfigOf<typeof fields>
