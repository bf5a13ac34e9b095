import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeWords } from '../../src/main/experiments/char-rnn/alphabet'
import { sequenceLoss } from '../../src/main/experiments/char-rnn/loss'
import { buildCharModel, type CharModelKind } from '../../src/main/experiments/char-rnn/model'
import { referenceLogits, referenceLoss, toTargets, weightsOf } from './reference'

const WORDS = ['cat', 'queen', 'a']

function codesOf(words: string[], maxLength = 19): number[][] {
  const flat = encodeWords(words, maxLength)
  return words.map((_, i) => Array.from(flat.subarray(i * (maxLength + 1), (i + 1) * (maxLength + 1))))
}

function maxAbsDiff(a: number[][][], b: number[][][]): number {
  return Math.max(...a.flatMap((x, i) => x.flatMap((y, j) => y.map((v, k) => Math.abs(v - b[i][j][k])))))
}

/** Time-major labels of row-major codes, as the training loop hands them to the loss. */
function timeMajor(codes: number[][]): Int32Array {
  const [b, t] = [codes.length, codes[0].length]
  return Int32Array.from({ length: b * t }, (_, i) => codes[i % b][Math.floor(i / b)])
}

describe('the letter models', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it("rnn1's forward on a small batch gives [batch, 20, 27] logits", () => {
    const model = buildCharModel({ kind: 'rnn1', hidden: 0, layers: 1, seed: 1 })
    expect(model.hidden).toBe(32)
    expect(model.countParams()).toBe((32 + 27) * 32 + 32 + 32 * 27 + 27)
    const logits = model.logits(toTargets(codesOf(WORDS)))
    expect(logits.shape).toEqual([3, 20, 27])
    tf.dispose([logits])
    model.dispose()
  })

  it.each([
    ['rnn1', 1],
    ['rnn1', 2],
    ['gru', 1],
    ['gru', 2],
    ['lstm', 1],
  ] as Array<[CharModelKind, number]>)('%s with %i layer(s) computes what its equations say (float64 reference)', (kind, layers) => {
    const model = buildCharModel({ kind, hidden: 5, layers, seed: 3 })
    const codes = codesOf(WORDS, 7)
    const logits = model.logits(toTargets(codes))
    expect(logits.shape).toEqual([3, 8, 27])
    const expected = referenceLogits(kind, weightsOf(model), 5, layers, codes)
    expect(maxAbsDiff(logits.arraySync() as number[][][], expected)).toBeLessThan(1e-5)
    const timeMajor = model.timeMajorLogits(toTargets(codes))
    expect(timeMajor.shape).toEqual([8, 3, 27])
    expect(tf.max(tf.abs(tf.sub(tf.transpose(timeMajor, [1, 0, 2]), logits))).arraySync()).toBe(0)
    tf.dispose([logits, timeMajor])
    model.dispose()
  })

  it('predicts each position from the letters before it only (teacher forcing, no peeking)', () => {
    for (const kind of ['rnn1', 'gru'] as const) {
      const model = buildCharModel({ kind, hidden: 6, layers: 1, seed: 2 })
      const [a, b] = [codesOf(['cats']), codesOf(['catz'])]
      const la = model.logits(toTargets(a)).arraySync()[0]
      const lb = model.logits(toTargets(b)).arraySync()[0]
      // Letters 0..3 are read before position 4 changes: positions 0..3 agree, 4 on differ.
      expect(la.slice(0, 4)).toEqual(lb.slice(0, 4))
      expect(la[4]).not.toEqual(lb[4])
      model.dispose()
    }
  })

  it("uses the seed's initialisers, reproducibly from the run's seed", () => {
    const a = buildCharModel({ kind: 'gru', hidden: 0, layers: 1, seed: 7 })
    const b = buildCharModel({ kind: 'gru', hidden: 0, layers: 1, seed: 7 })
    const c = buildCharModel({ kind: 'gru', hidden: 0, layers: 1, seed: 8 })
    expect(a.hidden).toBe(64)
    expect(a.variableNames).toEqual(['gru/embedding', 'gru/layer1/W_i', 'gru/layer1/W_h', 'gru/layer1/b_i', 'gru/layer1/b_h', 'gru/W_y', 'gru/b_y'])
    const [wa, wb, wc] = [a, b, c].map((m) => m.variables.map((v) => Array.from(v.dataSync())))
    expect(wa).toEqual(wb)
    expect(wa[0]).not.toEqual(wc[0])
    const range = (v: number[]) => [Math.min(...v), Math.max(...v)]
    // Embedding and output layer U(-0.1, 0.1), output bias 0; GRU tensors U(+-1/sqrt(64)).
    expect(range(wa[0])[0]).toBeGreaterThanOrEqual(-0.1)
    expect(range(wa[0])[1]).toBeLessThanOrEqual(0.1)
    expect(range(wa[5])[1]).toBeLessThanOrEqual(0.1)
    expect(range(wa[6])).toEqual([0, 0])
    expect(range(wa[2])[1]).toBeLessThanOrEqual(1 / 8)
    expect(range(wa[2])[1]).toBeGreaterThan(0.1)
    for (const m of [a, b, c]) m.dispose()
  })

  it("applies RNN2's dropout only when given a training seed", () => {
    const model = buildCharModel({ kind: 'gru', hidden: 8, layers: 1, seed: 1 })
    const targets = toTargets(codesOf(WORDS))
    const plain = model.logits(targets).arraySync()
    expect(model.logits(targets).arraySync()).toEqual(plain)
    const dropped = model.logits(targets, 5).arraySync()
    expect(dropped).not.toEqual(plain)
    expect(model.logits(targets, 5).arraySync()).toEqual(dropped)
    model.dispose()
  })

  it.each(['rnn1', 'gru', 'lstm'] as CharModelKind[])('%s has a nonzero gradient for every variable', (kind) => {
    const model = buildCharModel({ kind, hidden: 4, layers: 2, seed: 1 })
    const codes = codesOf(WORDS)
    const { value, grads } = tf.variableGrads(() => sequenceLoss(model.timeMajorLogits(toTargets(codes), 3), timeMajor(codes), 3), model.variables)
    expect(Number.isFinite(value.dataSync()[0])).toBe(true)
    model.variables.forEach((v, i) => {
      const g = grads[v.name]
      expect(g, model.variableNames[i]).toBeDefined()
      expect(g.shape).toEqual(v.shape)
      expect(tf.max(tf.abs(g)).dataSync()[0], model.variableNames[i]).toBeGreaterThan(0)
    })
    tf.dispose([value, ...Object.values(grads)])
    model.dispose()
  })

  it("rnn1's gradients match finite differences of the float64 reference", () => {
    const model = buildCharModel({ kind: 'rnn1', hidden: 6, layers: 1, seed: 4 })
    const codes = codesOf(WORDS, 9)
    const { value, grads } = tf.variableGrads(() => sequenceLoss(model.timeMajorLogits(toTargets(codes)), timeMajor(codes), 3), model.variables)
    const weights = weightsOf(model) as number[][][]
    const loss = (w: unknown[]) => referenceLoss(referenceLogits('rnn1', w, 6, 1, codes), codes)
    expect(value.dataSync()[0]).toBeCloseTo(loss(weights), 4)
    // One weight of W_a from the state rows, one from the input rows, one of W_y.
    for (const [variable, row, col] of [[0, 2, 3], [0, 6 + 3, 1], [2, 4, 5]]) {
      const eps = 1e-5
      const shifted = (delta: number) => {
        const w = structuredClone(weights)
        w[variable][row][col] += delta
        return loss(w)
      }
      const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps)
      const analytic = (grads[model.variables[variable].name].arraySync() as number[][])[row][col]
      expect(Math.abs(analytic - numeric), `${model.variableNames[variable]}[${row}][${col}]`).toBeLessThan(1e-4 + 1e-3 * Math.abs(numeric))
    }
    tf.dispose([value, ...Object.values(grads)])
    model.dispose()
  })

  it('copies weights in by position and refuses mismatched shapes', () => {
    const a = buildCharModel({ kind: 'lstm', hidden: 3, layers: 1, seed: 1 })
    const b = buildCharModel({ kind: 'lstm', hidden: 3, layers: 1, seed: 2 })
    b.setWeights(a.getWeights())
    expect(b.variables.map((v) => Array.from(v.dataSync()))).toEqual(a.variables.map((v) => Array.from(v.dataSync())))
    const c = buildCharModel({ kind: 'lstm', hidden: 4, layers: 1, seed: 1 })
    expect(() => c.setWeights(a.getWeights())).toThrow(/lstm\/embedding|W_i/)
    for (const m of [a, b, c]) m.dispose()
  })
})
