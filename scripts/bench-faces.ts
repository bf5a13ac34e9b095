/**
 * Face verification benchmark: prints one JSON line per backend.
 * Per image: decode, then face-api's SSD MobileNet v1 detector, 68 landmarks and the 128-d
 * recognition network over every face; reported per face (the cost of verifying one more face),
 * median of N runs after one warm-up. Image: skimage's astronaut.png (one face), else
 * @vladmandic/human's assets/screenshot-faceid.jpg.
 *
 * Usage: tsx scripts/bench-faces.ts [--runs N] [--backends wasm,native,cpu] [--image FILE]
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { BackendName } from '../src/shared/api'
import { arg } from '../src/main/bench/args'
import { centernetFiles } from '../src/main/detection/centernet'
import { FaceAnalyzer } from '../src/main/faces/analyzer'
import { faceApiPackage } from '../src/main/faces/faceApi'

const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png'
const runs = Number(arg('runs') ?? 5)
const backends = (arg('backends') ?? 'wasm,native').split(',') as BackendName[]
const image = arg('image') ?? (existsSync(ASTRONAUT) ? ASTRONAUT : path.join(path.dirname(path.dirname(centernetFiles().json)), 'assets', 'screenshot-faceid.jpg'))

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10
}

for (const backend of backends) {
  let analyzer: FaceAnalyzer
  try {
    analyzer = await FaceAnalyzer.create({ backend })
  } catch (error) {
    process.stdout.write(JSON.stringify({ bench: 'faces', backend, error: (error as Error).message.split('\n')[0] }) + '\n')
    continue
  }
  const warm = await analyzer.analyse(image, path.basename(image))
  const faces = warm.faces.length
  const total: number[] = []
  const network: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = await analyzer.analyse(image, path.basename(image))
    total.push(performance.now() - t0)
    network.push(r.timings.networkMs)
  }
  process.stdout.write(
    JSON.stringify({
      bench: 'faces',
      backend,
      image: path.basename(image),
      size: `${warm.width}x${warm.height}`,
      faces,
      runs,
      msPerImage: median(total),
      networkMsPerImage: median(network),
      msPerFace: faces > 0 ? Math.round((median(total) / faces) * 10) / 10 : null,
      model: `@vladmandic/face-api ${faceApiPackage().version} (ssd_mobilenetv1 + face_landmark_68 + face_recognition)`,
      date: new Date().toISOString().slice(0, 10),
    }) + '\n',
  )
}
