/**
 * Loading `@vladmandic/face-api` on the tfjs this project already has.
 *
 * The package ships several builds; `dist/face-api.node-wasm.js` is the one that bundles no
 * TensorFlow.js: it `require`s `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm` (ours, 4.22),
 * so its networks run on whatever backend the engine selected (wasm, native, cpu). The other node
 * builds require `@tensorflow/tfjs-node(-gpu)`, which cannot be installed here; the ESM builds
 * bundle their own tfjs copy.
 *
 * Its weights are read from the package's `model/` folder with `loadFromDisk` (never fetched).
 * The package's own type declarations inline all of tfjs with DOM types; the few calls used here
 * are typed by hand below instead.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type * as tf from '@tensorflow/tfjs-core'

export interface FaceBox {
  x: number
  y: number
  width: number
  height: number
}

export interface FaceApiResult {
  detection: { score: number; box: FaceBox }
  /** The box of the face after alignment to its 68 landmarks (what the descriptor is computed on). */
  alignedRect: { box: FaceBox }
  descriptor: Float32Array
}

interface Net {
  loadFromDisk(folder: string): Promise<void>
  isLoaded: boolean
}

export interface FaceApi {
  nets: { ssdMobilenetv1: Net; faceLandmark68Net: Net; faceRecognitionNet: Net }
  SsdMobilenetv1Options: new (options: { minConfidence?: number; maxResults?: number }) => unknown
  detectAllFaces(
    input: tf.Tensor3D,
    options: unknown,
  ): { withFaceLandmarks(): { withFaceDescriptors(): Promise<FaceApiResult[]> } }
  version?: string
}

const require = createRequire(import.meta.url)

/** The package's root folder and version, for the weights and the report. */
export function faceApiPackage(): { root: string; version: string; modelDir: string } {
  const manifest = require.resolve('@vladmandic/face-api/package.json')
  const root = path.dirname(manifest)
  const version = (require(manifest) as { version: string }).version
  return { root, version, modelDir: path.join(root, 'model') }
}

let loaded: Promise<FaceApi> | null = null

/** The three networks (SSD MobileNet v1 detector, 68 landmarks, recognition), loaded once per process. */
export function loadFaceApi(): Promise<FaceApi> {
  if (!loaded) {
    loaded = (async () => {
      const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi
      const { modelDir } = faceApiPackage()
      for (const net of [api.nets.ssdMobilenetv1, api.nets.faceLandmark68Net, api.nets.faceRecognitionNet]) {
        if (!net.isLoaded) await net.loadFromDisk(modelDir)
      }
      return api
    })()
    loaded.catch(() => (loaded = null))
  }
  return loaded
}
