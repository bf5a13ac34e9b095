/**
 * The real CenterNet on real photos. The images are the only photographs installed with the
 * dependencies: @vladmandic/human's assets/samples.jpg (a collage of photos of people: a man at
 * a dinner table, a crowd) and assets/screenshot-vrm.jpg (a webcam photo of a man in a kitchen
 * beside a rendered figure), cropped with sharp at run time.
 *
 * Our own decoding of the dense outputs must reproduce the graph's own `tower_0/detections`.
 * The model is loaded once for the file.
 */
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { CENTERNET, DETECTOR_KERNELS, centernetFiles } from '../../src/main/detection/centernet'
import { decodeCenterNet } from '../../src/main/detection/decode'
import { FUSED_KERNELS } from '../../src/main/engine/graphFusion'
import { Detector } from '../../src/main/detection/detector'
import { prepareImage } from '../../src/main/detection/image'
import { iou, type Box } from '../../src/shared/detection/iou'
import { COCO_LABELS } from '../../src/shared/detection/labels'

const ASSETS = path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets')

interface GraphDetection {
  box: Box
  score: number
  classId: number
}

function graphRows(d: Float32Array): GraphDetection[] {
  const rows: GraphDetection[] = []
  for (let i = 0; i < d.length / 6; i++) {
    rows.push({ box: [d[i * 6], d[i * 6 + 1], d[i * 6 + 2], d[i * 6 + 3]], score: d[i * 6 + 4], classId: d[i * 6 + 5] })
  }
  return rows
}

let detector: Detector
const photos: Record<string, Buffer> = {}

beforeAll(async () => {
  detector = await Detector.create()
  const samples = path.join(ASSETS, 'samples.jpg')
  photos.dinner = await sharp(samples).extract({ left: 320, top: 0, width: 220, height: 150 }).jpeg({ quality: 95 }).toBuffer()
  photos.crowd = await sharp(samples).extract({ left: 0, top: 150, width: 1280, height: 1008 }).jpeg({ quality: 95 }).toBuffer()
  photos.kitchen = await sharp(path.join(ASSETS, 'screenshot-vrm.jpg')).extract({ left: 474, top: 2, width: 324, height: 242 }).jpeg({ quality: 95 }).toBuffer()
  photos.collage = await sharp(samples).toBuffer()
})

describe('the CenterNet graph', () => {
  it('has the inputs and outputs decode.ts relies on, and only those', () => {
    const graph = detector.model.graph
    expect(graph.inputs.map((i) => [i.name, i.shape, i.dtype])).toEqual([[CENTERNET.input, [1, 512, 512, 3], 'float32']])
    expect(graph.outputs.map((o) => o.name).sort()).toEqual([CENTERNET.detections, CENTERNET.heatmap, CENTERNET.ltrb].sort())
  })

  it('runs on the selected backend with only the kernels DETECTOR_KERNELS lists', async () => {
    expect(tf.getBackend()).toBe(detector.model.backend)
    const image = await prepareImage(photos.dinner, 512)
    const profile = await tf.profile(async () => {
      await detector.model.run(image.pixels)
      return []
    })
    const kernels = [...new Set(profile.kernelNames)].filter((k) => !k.endsWith('__op'))
    // On native, the hard-swish groups run as one fused kernel (engine/graphFusion.ts).
    expect(kernels.filter((k) => !DETECTOR_KERNELS.includes(k) && !FUSED_KERNELS.includes(k))).toEqual([])
    console.log(`detector backend: ${detector.backend}; kernels: ${kernels.sort().join(', ')}`)
  })

  it('takes RGB 0..255: that input scores far above BGR or 0..1', async () => {
    const image = await prepareImage(photos.dinner, 512)
    const topScore = async (pixels: Float32Array | Uint8Array) => {
      const x = tf.tensor4d(Float32Array.from(pixels), [1, 512, 512, 3])
      const heat = detector.model.graph.execute(x, CENTERNET.heatmap) as tf.Tensor
      const max = (await heat.max().data())[0]
      tf.dispose([x, heat])
      return max
    }
    const bgr = new Uint8Array(image.pixels.length)
    for (let i = 0; i < bgr.length; i += 3) bgr.set([image.pixels[i + 2], image.pixels[i + 1], image.pixels[i]], i)
    const rgb = await topScore(image.pixels)
    expect(rgb).toBeGreaterThan(0.5)
    expect(await topScore(bgr)).toBeLessThan(rgb - 0.2)
    expect(await topScore(Float32Array.from(image.pixels, (v) => v / 255))).toBeLessThan(0.1)
  })
})

describe('our decoding against the graph’s own tower_0/detections', () => {
  for (const name of ['dinner', 'crowd', 'kitchen', 'collage']) {
    it(`agrees on ${name}`, async () => {
      const image = await prepareImage(photos[name], 512)
      const { dense, detections } = await detector.model.run(image.pixels, true)
      const graph = graphRows(detections!)
      const ours = decodeCenterNet(dense, { topK: CENTERNET.graphTopK, minScore: 0 })
      expect(ours).toHaveLength(graph.length)
      // The top boxes: same class, same score, IoU > 0.8 (in practice identical).
      for (let i = 0; i < 10; i++) {
        expect(ours[i].classId, `${name} #${i}`).toBe(graph[i].classId)
        expect(ours[i].score).toBeCloseTo(graph[i].score, 5)
        expect(iou(ours[i].box, graph[i].box), `${name} #${i}`).toBeGreaterThan(0.99)
      }
      // Every graph detection worth a look has its twin among ours.
      for (const g of graph.filter((r) => r.score >= 0.05)) {
        expect(ours.some((o) => o.classId === g.classId && Math.abs(o.score - g.score) < 1e-5 && iou(o.box, g.box) > 0.8)).toBe(true)
      }
      const top = graph.slice(0, 3).map((g) => `${COCO_LABELS[g.classId]} ${g.score.toFixed(2)}`)
      console.log(`${name}: graph top 3: ${top.join(', ')}`)
    })
  }
})

describe('Detector', () => {
  it('finds the man and his glass at dinner, in original pixels', async () => {
    const result = await detector.detect(photos.dinner)
    expect([result.width, result.height]).toEqual([220, 150])
    const labels = result.detections.map((d) => d.label)
    expect(labels[0]).toBe('person')
    expect(labels).toContain('cup')
    const person = result.detections[0]
    // The man fills the middle of the frame, from near the top to the bottom.
    expect(person.box[0]).toBeGreaterThan(40)
    expect(person.box[2]).toBeLessThan(210)
    expect(person.box[1]).toBeLessThan(30)
    expect(person.box[3]).toBeGreaterThan(120)
    // Same box as the graph's own detection, scaled from 512 to 220 x 150.
    const image = await prepareImage(photos.dinner, 512)
    const g = graphRows((await detector.model.run(image.pixels, true)).detections!)[0]
    const scaled: Box = [(g.box[0] * 220) / 512, (g.box[1] * 150) / 512, (g.box[2] * 220) / 512, (g.box[3] * 150) / 512]
    expect(iou(person.box, scaled)).toBeGreaterThan(0.95)
    for (const d of result.detections) {
      expect(d.score).toBeGreaterThanOrEqual(0.3)
      expect(d.box[0]).toBeGreaterThanOrEqual(0)
      expect(d.box[3]).toBeLessThanOrEqual(150)
    }
  })

  it('returns candidates before NMS, best first, for the playground', async () => {
    const result = await detector.candidates(photos.crowd)
    expect(result.candidates.length).toBeGreaterThan(50)
    expect(result.candidates.length).toBeLessThanOrEqual(300)
    for (let i = 1; i < result.candidates.length; i++) expect(result.candidates[i].score).toBeLessThanOrEqual(result.candidates[i - 1].score)
    expect(result.candidates.filter((c) => c.label === 'person').length).toBeGreaterThan(10)
    expect(result.timings.inferenceMs).toBeGreaterThan(0)
  })

  it('letterboxing finds the same man', async () => {
    const letterbox = await Detector.create({ fit: 'letterbox' })
    const a = (await letterbox.detect(photos.dinner)).detections[0]
    const b = (await detector.detect(photos.dinner)).detections[0]
    expect(a.label).toBe('person')
    expect(iou(a.box, b.box)).toBeGreaterThan(0.8)
  })
})
