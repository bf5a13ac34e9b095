/**
 * The detector's loss (YOLO v1/v2): per anchor slot of the S x S x A grid,
 *  - box: coordWeight x [(sigmoid(t_x) - b_x)^2 + (sigmoid(t_y) - b_y)^2 + (t_w - b_w)^2 + (t_h - b_h)^2] where p_c = 1;
 *  - objectness: BCE(sigmoid(t_o), 1) where p_c = 1, noObjectWeight x BCE(sigmoid(t_o), 0) elsewhere;
 *  - class: classWeight x softmax cross-entropy where p_c = 1;
 * each summed over the grid and averaged over the batch. Pure TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs-core'

export interface LossWeights {
  coord: number
  noObject: number
  classes: number
}

export interface LossParts {
  box: tf.Scalar
  objectness: tf.Scalar
  classes: tf.Scalar
  total: tf.Scalar
}

/**
 * @param raw [batch, S, S, A * (5 + k)] network outputs
 * @param targets [batch, S, S, A, 5 + k] from encodeTargets
 */
export function yoloLoss(raw: tf.Tensor4D, targets: tf.Tensor, anchors: number, classes: number, w: LossWeights): LossParts {
  return tf.tidy(() => {
    const [b, s] = raw.shape
    const out = tf.reshape(raw, [b, s, s, anchors, 5 + classes])
    const slice = (t: tf.Tensor, from: number, size: number) => tf.slice(t, [0, 0, 0, 0, from], [-1, -1, -1, -1, size])
    const obj = slice(targets, 0, 1)
    const noObj = tf.sub(1, obj)
    const xy = tf.sigmoid(slice(out, 1, 2))
    const wh = slice(out, 3, 2)
    const box = tf.mul(w.coord, tf.sum(tf.mul(obj, tf.add(tf.sum(tf.squaredDifference(xy, slice(targets, 1, 2)), -1, true), tf.sum(tf.squaredDifference(wh, slice(targets, 3, 2)), -1, true)))))
    // BCE with logits, written stably: max(x, 0) - x z + log(1 + exp(-|x|)).
    const logit = slice(out, 0, 1)
    const bce = (z: tf.Tensor) => tf.add(tf.sub(tf.relu(logit), tf.mul(logit, z)), tf.log1p(tf.exp(tf.neg(tf.abs(logit)))))
    const objectness = tf.add(tf.sum(tf.mul(obj, bce(obj))), tf.mul(w.noObject, tf.sum(tf.mul(noObj, bce(tf.zerosLike(obj))))))
    const logProbs = tf.logSoftmax(slice(out, 5, classes))
    const cls = tf.mul(w.classes, tf.neg(tf.sum(tf.mul(obj, tf.mul(slice(targets, 5, classes), logProbs)))))
    const perImage = (t: tf.Tensor) => tf.div(t, b) as tf.Scalar
    const parts = { box: perImage(box), objectness: perImage(objectness), classes: perImage(cls) }
    return { ...parts, total: tf.addN([parts.box, parts.objectness, parts.classes]) as tf.Scalar }
  })
}
