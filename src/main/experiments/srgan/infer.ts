/**
 * Inference with a trained generator: any RGB image to its 4x result, tile by tile (tiling.ts) so
 * memory stays bounded, in inference mode (BatchNorm with its moving statistics), clipped to
 * [0, 1]. Self-contained (a generator in, images out; no files), so any host process can run it.
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { FloatImage } from './bicubic'
import { SCALE } from './model'
import { receptiveRadius, upscaleTiled } from './tiling'

/** LR pixels per tile side: a 128 x 128 tile plus margins stays well under 100 MB of activations at C = 64. */
export const TILE = 128

/** One forward pass: [h, w, 3] -> [4h, 4w, 3], unclipped. */
export function runGenerator(generator: tfl.LayersModel, patch: FloatImage): FloatImage {
  if (patch.channels !== 3) throw new Error(`the generator takes RGB, got ${patch.channels} channels`)
  const out = tf.tidy(() => generator.predict(tf.tensor4d(patch.data, [1, patch.height, patch.width, 3])) as tf.Tensor4D)
  const data = out.dataSync() as Float32Array
  out.dispose()
  return { width: patch.width * SCALE, height: patch.height * SCALE, channels: 3, data }
}

/**
 * The 4x result of an RGB image in [0, 1], clipped to [0, 1].
 * @param blocks the generator's residual blocks: the tile margin covers its receptive radius, so tiles join without seams
 */
export async function superResolve(
  generator: tfl.LayersModel,
  blocks: number,
  image: FloatImage,
  o: { tile?: number; onTile?: (done: number, total: number) => void } = {},
): Promise<FloatImage> {
  const out = await upscaleTiled(image, SCALE, o.tile ?? TILE, receptiveRadius(blocks), (p) => runGenerator(generator, p), o.onTile)
  for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i] < 0 ? 0 : out.data[i] > 1 ? 1 : out.data[i]
  return out
}
