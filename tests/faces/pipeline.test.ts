/**
 * The face pipeline (face-api's SSD detector, 68 landmarks, 128-d recognition network on our tfjs)
 * on real faces the repository does not ship:
 *  - skimage's astronaut.png (Eileen Collins, from Debian's python3-skimage) when present: the
 *    same person as herself mirrored, shrunk and cropped;
 *  - other people: the face of @vladmandic/human's assets/screenshot-faceid.jpg (in its npm tarball).
 * References independent of our code: face-api's documented descriptor length (128) and its
 * suggested 0.6 threshold; the face box of scikit-image's own LBP cascade detector (run with
 * /usr/bin/python3) on the same photo.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FaceImageResult } from '../../src/shared/api'
import { iou } from '../../src/shared/detection/iou'
import { euclidean } from '../../src/shared/faces/similarity'
import { centernetFiles } from '../../src/main/detection/centernet'
import { ImageReadError } from '../../src/main/detection/image'
import { FaceAnalyzer } from '../../src/main/faces/analyzer'
import { skipUnless } from '../helpers/skip'

const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png'
const COFFEE = '/usr/lib/python3/dist-packages/skimage/data/coffee.png'
// As tests/detection/cli.test.ts finds human's assets: beside its models folder.
const OTHER_PERSON = path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets', 'screenshot-faceid.jpg')

const haveAstronaut = existsSync(ASTRONAUT)

describe.skipIf(skipUnless(haveAstronaut, `${ASTRONAUT} is missing (apt-get install python3-skimage)`))('face pipeline on astronaut.png', () => {
  let analyzer: FaceAnalyzer
  let astronaut: FaceImageResult
  const variants: Record<string, FaceImageResult> = {}

  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create({ backend: 'wasm' })
    astronaut = await analyzer.analyse(ASTRONAUT, 'astronaut.png')
    const png = (s: sharp.Sharp) => s.png().toBuffer()
    const sources: Record<string, Promise<Buffer>> = {
      mirror: png(sharp(ASTRONAUT).flop()),
      half: png(sharp(ASTRONAUT).resize(256, 256)),
      crop: png(sharp(ASTRONAUT).extract({ left: 100, top: 0, width: 300, height: 300 })),
      tiny: png(sharp(ASTRONAUT).resize(40, 40)),
    }
    for (const [name, bytes] of Object.entries(sources)) variants[name] = await analyzer.analyse(await bytes, name)
  }, 600_000)

  it('finds one face, with a 128-d descriptor (face-api: 128 numbers, not unit length)', () => {
    expect(astronaut.faces).toHaveLength(1)
    const d = astronaut.faces[0].descriptor
    expect(d).toHaveLength(128)
    expect(d.every(Number.isFinite)).toBe(true)
    // Documented as Euclidean-compared, not normalised: a unit-norm assumption would be wrong.
    expect(Math.hypot(...d)).toBeGreaterThan(0.5)
    expect(astronaut.faces[0].score).toBeGreaterThan(0.5)
    expect(Buffer.from(astronaut.faces[0].cropBase64, 'base64').subarray(1, 4).toString()).toBe('PNG')
  })

  it("puts the face where scikit-image's own LBP cascade finds it (IoU > 0.5)", (ctx) => {
    const script = [
      'from skimage import data',
      'from skimage.feature import Cascade',
      'd = Cascade(data.lbp_frontal_face_cascade_filename())',
      'print([(f["c"], f["r"], f["c"] + f["width"], f["r"] + f["height"]) for f in d.detect_multi_scale(img=data.astronaut(), scale_factor=1.2, step_ratio=1, min_size=(60, 60), max_size=(123, 123))])',
    ].join('\n')
    const py = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 300_000 })
    if (py.status !== 0) {
      if (skipUnless(false, `scikit-image's cascade did not run: ${py.stderr || py.error}`)) return ctx.skip()
    }
    const boxes = JSON.parse(py.stdout.trim().replace(/\(/g, '[').replace(/\)/g, ']')) as [number, number, number, number][]
    expect(boxes).toHaveLength(1)
    const box = astronaut.faces[0].box
    console.log(`face box ${box.join(', ')}; scikit-image's cascade ${boxes[0].join(', ')}`)
    expect(iou(box, boxes[0])).toBeGreaterThan(0.5)
  }, 300_000)

  it('the same person mirrored, shrunk and cropped is within 0.6 (face-api\'s threshold); boxes follow the edit', () => {
    const a = astronaut.faces[0]
    for (const name of ['mirror', 'half', 'crop']) {
      expect(variants[name].faces, name).toHaveLength(1)
      expect(euclidean(a.descriptor, variants[name].faces[0].descriptor), name).toBeLessThan(0.6)
    }
    // Mirrored: x1' = 512 - x2. Half size: every coordinate / 2. Cropped at x 100: x - 100.
    const [x1, y1, x2, y2] = a.box
    const near = (got: number[], want: number[], tol: number) => got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(tol))
    near(variants.mirror.faces[0].box, [512 - x2, y1, 512 - x1, y2], 15)
    near(variants.half.faces[0].box, [x1 / 2, y1 / 2, x2 / 2, y2 / 2], 8)
    near(variants.crop.faces[0].box, [x1 - 100, y1, x2 - 100, y2], 15)
  })

  it('another person is further than 0.6', async () => {
    const other = await analyzer.analyse(OTHER_PERSON, 'screenshot-faceid.jpg')
    expect(other.faces.length).toBeGreaterThanOrEqual(1)
    for (const f of other.faces) expect(euclidean(astronaut.faces[0].descriptor, f.descriptor)).toBeGreaterThan(0.6)
  }, 300_000)

  it('a photo without a face, and a face too small to describe, give no faces', async () => {
    const coffee = await analyzer.analyse(COFFEE, 'coffee.png')
    expect(coffee.faces).toHaveLength(0)
    // 40x40: the face is about 8 px: not found, or found and set aside as too small.
    expect(variants.tiny.faces).toHaveLength(0)
  }, 300_000)

  it('corrupt bytes are an ImageReadError; repeated calls keep the tensor count flat', async () => {
    await expect(analyzer.analyse(Buffer.from('not an image'), 'x.jpg')).rejects.toBeInstanceOf(ImageReadError)
    const before = tf.memory().numTensors
    await analyzer.analyse(ASTRONAUT, 'again.png')
    expect(tf.memory().numTensors).toBe(before)
  }, 300_000)
})
