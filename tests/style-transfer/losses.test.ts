import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, describe, expect, it } from 'vitest'
import { contentLoss, gramMatrix, styleLoss, styleTransferLoss, totalVariation } from '../../src/main/experiments/style-transfer/losses'

/**
 * Activations [1, 2, 2, 2]: four positions with channels (a, b) = (1, 2), (3, 0), (0, 1), (2, 2).
 * By hand: sum a*a = 1+9+0+4 = 14, sum a*b = 2+0+0+4 = 6, sum b*b = 4+0+1+4 = 9; normalised by
 * h*w*c = 8: G = [[1.75, 0.75], [0.75, 1.125]].
 */
const ACTS = [1, 2, 3, 0, 0, 1, 2, 2]

describe('style-transfer losses (hand-computed values)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('Gram matrix: sum over positions of channel products, divided by h*w*c', () => {
    const g = gramMatrix(tf.tensor4d(ACTS, [1, 2, 2, 2]))
    expect(g.shape).toEqual([2, 2])
    expect(Array.from(g.dataSync())).toEqual([1.75, 0.75, 0.75, 1.125])
  })

  it('content loss: mean squared difference of activations', () => {
    // Against all ones: differences (0,1), (2,-1), (-1,0), (1,1); squares sum to 9; 8 values.
    const loss = contentLoss(tf.tensor4d(ACTS, [1, 2, 2, 2]), tf.ones([1, 2, 2, 2]))
    expect(loss.dataSync()[0]).toBeCloseTo(9 / 8, 6)
  })

  it('style loss: mean squared Gram difference, summed over layers', () => {
    // Layer 1 against a zero Gram: (1.75^2 + 2 * 0.75^2 + 1.125^2) / 4 = 5.453125 / 4.
    // Layer 2: [1, 1, 2, 1] with values 1, 3 -> G = [[(1 + 9) / 2]] = [[5]], target [[4]] -> 1.
    const loss = styleLoss(
      [tf.tensor4d(ACTS, [1, 2, 2, 2]), tf.tensor4d([1, 3], [1, 1, 2, 1])],
      [tf.zeros([2, 2]), tf.tensor2d([[4]])],
    )
    expect(loss.dataSync()[0]).toBeCloseTo(5.453125 / 4 + 1, 6)
  })

  it('total variation: mean squared vertical plus mean squared horizontal neighbour differences', () => {
    // Rows [0, 1, 3] and [2, 2, 2]: vertical 2, 1, -1 -> mean of squares 2;
    // horizontal 1, 2, 0, 0 -> mean of squares 5 / 4.
    const tv = totalVariation(tf.tensor4d([0, 1, 3, 2, 2, 2], [1, 2, 3, 1]))
    expect(tv.dataSync()[0]).toBeCloseTo(2 + 1.25, 6)
    expect(totalVariation(tf.ones([1, 1, 1, 3])).dataSync()[0]).toBe(0)
  })

  it('weights the parts: alpha * content + beta * style + gamma * tv', () => {
    const image = tf.tensor4d([0, 1, 3, 2, 2, 2], [1, 2, 3, 1])
    const acts = tf.tensor4d(ACTS, [1, 2, 2, 2])
    const parts = styleTransferLoss(image, acts, [acts], { content: tf.ones([1, 2, 2, 2]), grams: [tf.zeros([2, 2])] }, { content: 2, style: 10, tv: 0.5 })
    expect(parts.content.dataSync()[0]).toBeCloseTo(1.125, 6)
    expect(parts.style.dataSync()[0]).toBeCloseTo(1.36328125, 6)
    expect(parts.tv.dataSync()[0]).toBeCloseTo(3.25, 6)
    expect(parts.total.dataSync()[0]).toBeCloseTo(2 * 1.125 + 10 * 1.36328125 + 0.5 * 3.25, 4)
    const noTv = styleTransferLoss(image, acts, [acts], { content: tf.ones([1, 2, 2, 2]), grams: [tf.zeros([2, 2])] }, { content: 1, style: 0, tv: 0 })
    expect(noTv.total.dataSync()[0]).toBeCloseTo(1.125, 6)
  })

  it('rejects mismatched shapes', () => {
    expect(() => contentLoss(tf.ones([1, 2, 2, 2]), tf.ones([1, 2, 2, 3]))).toThrow(/differ in shape/)
    expect(() => styleLoss([tf.ones([1, 2, 2, 2]) as tf.Tensor4D], [])).toThrow(/1 style activations but 0/)
  })
})
