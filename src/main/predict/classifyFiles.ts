/**
 * Class probabilities for a list of images, each judged on its own: an image that is missing,
 * empty, corrupt or no image at all gets an error entry and never stops the others.
 */
import type { ImagePrediction } from '../../shared/prediction'
import { ImageDecodeError } from '../datasets'
import type { Classifier } from './loadClassifier'
import { prepareImage } from './preprocess'

/** An image to classify: its name as the user knows it, and its bytes or why they could not be read. */
export type ImageInput = { file: string; bytes: Uint8Array } | { file: string; error: string }

export async function classifyImages(classifier: Classifier, inputs: readonly ImageInput[]): Promise<ImagePrediction[]> {
  const { size, grey } = classifier.run
  const results: ImagePrediction[] = inputs.map((input) => ({ file: input.file, error: 'error' in input ? input.error : '' }))
  const ready: Array<{ index: number; pixels: Uint8Array }> = []
  for (const [index, input] of inputs.entries()) {
    if ('error' in input) continue
    try {
      ready.push({ index, pixels: await prepareImage(input.bytes, size, grey) })
    } catch (error) {
      const message = (error as Error).message
      results[index] = { file: input.file, error: error instanceof ImageDecodeError ? message : `cannot prepare the image: ${message}` }
    }
  }
  const ranked = await classifier.classify(ready.map((r) => r.pixels))
  ready.forEach((r, i) => {
    results[r.index] = { file: inputs[r.index].file, probabilities: ranked[i], top: ranked[i][0].class }
  })
  return results
}
