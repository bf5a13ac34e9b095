/**
 * CenterNet (MobileNetV3 backbone, COCO, 80 classes) from @vladmandic/human's package files,
 * loaded from disk with a file-reading IO handler: nothing is fetched, ever.
 *
 * The graph, as read from models/centernet.json (and its weights' constants):
 *  - input `tower_0/images` float32 [1, 512, 512, 3], NHWC, RGB, values 0..255 (no scaling: the
 *    first convolution takes the placeholder directly; human feeds un-normalised RGB pixels, and
 *    BGR or 0..1 inputs give clearly worse or no detections);
 *  - `tower_0/keypoints` [1, 128, 128, 80]: sigmoid heat-map; `tower_0/wh` [1, 128, 128, 4]:
 *    left/top/right/bottom edge distances in input pixels (head output x 16); stride 4;
 *  - `tower_0/detections` [1, 100, 6]: the graph's own top-100 decoding (x1, y1, x2, y2, score,
 *    class), before any NMS. There is no offset (`reg`) output.
 * See decode.ts for the decoding.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs'
import { withFusedOps } from '../engine/graphFusion'
import type { DenseOutputs } from './decode'

export const CENTERNET = {
  input: 'tower_0/images',
  heatmap: 'tower_0/keypoints',
  ltrb: 'tower_0/wh',
  detections: 'tower_0/detections',
  inputSize: 512,
  gridSize: 128,
  stride: 4,
  classes: 80,
  /** Rows of `tower_0/detections`. */
  graphTopK: 100,
} as const

/**
 * Kernels the forward pass to the heat-map and box map uses (recorded with tf.profile on the cpu
 * backend); a backend lacking one cannot run the detector. (Where a backend has a fused kernel for
 * a group of them, engine/graphFusion.ts's FUSED_KERNELS, the graph runs that instead.) The graph's own decoding
 * (`tower_0/detections`) additionally needs MaxPool, Equal, Cast, Reshape, TopK, FloorDiv, Mod,
 * GatherV2, StridedSlice and Sub; the detector never asks for it outside tests.
 */
export const DETECTOR_KERNELS: readonly string[] = [
  'FusedConv2D',
  'FusedDepthwiseConv2D',
  'DepthwiseConv2dNative',
  'Conv2D',
  'Relu',
  'Relu6',
  'Mean',
  'Concat',
  'ResizeBilinear',
  'Sigmoid',
  'Multiply',
  'Add',
  'Identity',
]

export interface ModelFiles {
  /** models/centernet.json; its manifest names the weight files beside it. */
  json: string
  /** @vladmandic/human's version, for reports. */
  version: string
}

interface ModelJson {
  modelTopology: unknown
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>
  format?: string
  generatedBy?: string
  convertedBy?: string | null
  signature?: unknown
  userDefinedMetadata?: Record<string, {}>
}

/**
 * The installed @vladmandic/human's folder. Its `exports` map lists only the entry point, so
 * `require.resolve('@vladmandic/human/package.json')` is refused: resolve the entry (without
 * loading it) and walk up to the package.json that names the package.
 */
function humanPackageDir(): string {
  const require = createRequire(import.meta.url)
  const name = '@vladmandic/human'
  let entry: string
  try {
    entry = require.resolve(`${name}/package.json`)
  } catch {
    try {
      entry = require.resolve(name)
    } catch {
      throw new Error(`the detector needs ${name} (it ships models/centernet.json), which is not installed`)
    }
  }
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return dir
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${name}'s package.json above ${entry}`)
  }
}

/** Where the installed @vladmandic/human keeps CenterNet. */
export function centernetFiles(): ModelFiles {
  const dir = humanPackageDir()
  const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version
  return { json: path.join(dir, 'models', 'centernet.json'), version }
}

/** An IO handler that reads a tfjs graph model and its weight files from disk. */
export function fileHandler(jsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      let model: ModelJson
      try {
        model = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson
      } catch (error) {
        throw new Error(`cannot read the model ${jsonPath}: ${(error as Error).message}`)
      }
      if (!model.modelTopology || !Array.isArray(model.weightsManifest)) throw new Error(`${jsonPath} is not a tfjs graph model`)
      const dir = path.dirname(jsonPath)
      const weightSpecs: tf.io.WeightsManifestEntry[] = []
      const parts: Uint8Array[] = []
      for (const group of model.weightsManifest) {
        weightSpecs.push(...group.weights)
        for (const file of group.paths) {
          const full = path.resolve(dir, file)
          if (path.relative(dir, full).startsWith('..')) throw new Error(`the model's weights path ${file} leaves ${dir}`)
          parts.push(await readFile(full))
        }
      }
      const total = parts.reduce((n, p) => n + p.length, 0)
      const weightData = new Uint8Array(total)
      let offset = 0
      for (const p of parts) {
        weightData.set(p, offset)
        offset += p.length
      }
      return {
        modelTopology: model.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs,
        weightData: weightData.buffer,
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy ?? undefined,
        signature: model.signature as object | undefined,
        userDefinedMetadata: model.userDefinedMetadata,
      }
    },
  }
}

export interface CenterNetOutputs {
  dense: DenseOutputs
  /** `tower_0/detections` rows (x1, y1, x2, y2, score, class), when asked for. */
  detections?: Float32Array
}

export class CenterNet {
  private constructor(
    /** The loaded graph (for inspection and tests; `run` is the way to use it). */
    readonly graph: GraphModel,
    /** The tfjs backend the weights live on. */
    readonly backend: string,
    readonly files: ModelFiles,
  ) {}

  /** Loads the model onto the active backend and checks its inputs and outputs are what decode.ts expects. */
  static async load(files: ModelFiles = centernetFiles()): Promise<CenterNet> {
    // On a backend with a fused hard-swish kernel (native), its 20 four-op groups run as one kernel each.
    const model = await loadGraphModel(withFusedOps(fileHandler(files.json)))
    const input = model.inputs[0]
    const size = CENTERNET.inputSize
    const shape = input?.shape ?? []
    if (model.inputs.length !== 1 || input.name !== CENTERNET.input || shape.join(',') !== `1,${size},${size},3`) {
      model.dispose()
      throw new Error(`unexpected CenterNet input: ${model.inputs.map((i) => `${i.name} [${i.shape}]`).join(', ')}`)
    }
    const outputs = model.outputs.map((o) => o.name)
    const missing = [CENTERNET.heatmap, CENTERNET.ltrb, CENTERNET.detections].filter((n) => !outputs.includes(n))
    if (missing.length > 0) {
      model.dispose()
      throw new Error(`CenterNet lacks the outputs ${missing.join(', ')} (it has ${outputs.join(', ')})`)
    }
    return new CenterNet(model, tf.getBackend(), files)
  }

  /** Runs the network on [512, 512, 3] RGB bytes. Must run on the backend it was loaded on. */
  async run(pixels: Uint8Array, withDetections = false): Promise<CenterNetOutputs> {
    const size = CENTERNET.inputSize
    if (pixels.length !== size * size * 3) throw new RangeError(`CenterNet needs ${size}x${size}x3 pixels, got ${pixels.length} values`)
    if (tf.getBackend() !== this.backend) throw new Error(`CenterNet was loaded on ${this.backend} but ${tf.getBackend()} is active`)
    const names: string[] = [CENTERNET.heatmap, CENTERNET.ltrb]
    if (withDetections) names.push(CENTERNET.detections)
    const input = tf.tensor4d(Float32Array.from(pixels), [1, size, size, 3], 'float32')
    let outputs: tf.Tensor[] = []
    try {
      outputs = this.graph.execute(input, names) as tf.Tensor[]
      const [heatmap, ltrb, detections] = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>))
      const [, gridHeight, gridWidth, classes] = outputs[0].shape
      const dense: DenseOutputs = { heatmap, ltrb, gridHeight, gridWidth, classes, stride: size / gridWidth }
      return withDetections ? { dense, detections } : { dense }
    } finally {
      input.dispose()
      tf.dispose(outputs)
    }
  }

  dispose(): void {
    this.graph.dispose()
  }
}
