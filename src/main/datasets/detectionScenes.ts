/**
 * Synthetic scenes for object detection (issue 15's built-in data): filled and outlined circles,
 * squares and triangles in random colours, 1 to 8 objects per image, each 8% to 40% of the image
 * side, overlaps allowed, on noise, gradient or texture backgrounds. Pure and deterministic: image
 * i depends only on (seed, i), so any count and any slice give the same pixels on every machine.
 */
import { deriveSeed, mulberry32, randomInt, type Rng } from '../../shared/random.js'

export const SCENE_CLASSES = ['circle', 'square', 'triangle'] as const
export type SceneClass = (typeof SCENE_CLASSES)[number]
export type Background = 'noise' | 'gradient' | 'texture'
type Rgb = [number, number, number]

export interface SceneObject {
  classId: number
  /** Centre and half side of the bounding square, in pixels. */
  cx: number
  cy: number
  r: number
  filled: boolean
  colour: Rgb
}

export interface SceneSpec {
  size: number
  background: Background
  /** Background colours (two for gradients and textures), a direction and the noise amplitude. */
  colours: [Rgb, Rgb]
  angle: number
  period: number
  noise: number
  noiseSeed: number
  /** Drawn in order: later objects cover earlier ones. */
  objects: SceneObject[]
}

export interface SceneOptions {
  size: number
  seed: number
  minObjects?: number
  maxObjects?: number
}

/** A box in pixels: [x1, y1, x2, y2]. */
export interface SceneBox {
  classId: number
  box: [number, number, number, number]
}

const INSIDE: Record<SceneClass, (u: number, v: number) => boolean> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= 1,
  // Apex at the top centre, base along the bottom edge: the triangle spans its whole square.
  triangle: (u, v) => v <= 1 && Math.abs(u) <= (v + 1) / 2,
}
/** Outline width as a fraction of the half side. */
const OUTLINE = 0.28
const MIN_CONTRAST = 80

const luminance = (c: Rgb) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
const colour = (rng: Rng): Rgb => [randomInt(rng, 256), randomInt(rng, 256), randomInt(rng, 256)]

function contrasting(rng: Rng, background: Rgb): Rgb {
  for (let attempt = 0; attempt < 32; attempt++) {
    const c = colour(rng)
    if (Math.abs(luminance(c) - luminance(background)) >= MIN_CONTRAST) return c
  }
  return luminance(background) < 128 ? [255, 255, 255] : [0, 0, 0]
}

/** The random layout of scene `index`. */
export function sceneSpec(o: SceneOptions, index: number): SceneSpec {
  const minObjects = o.minObjects ?? 1
  const maxObjects = o.maxObjects ?? 8
  if (!Number.isInteger(o.size) || o.size < 16 || o.size > 2048) throw new RangeError(`detection scenes: size must be a whole number in 16..2048, got ${o.size}`)
  if (!(Number.isInteger(minObjects) && Number.isInteger(maxObjects) && minObjects >= 1 && maxObjects >= minObjects)) {
    throw new RangeError(`detection scenes: objects per image must be whole numbers with 1 <= min <= max, got ${minObjects}..${maxObjects}`)
  }
  const rng = mulberry32(deriveSeed(o.seed, 'detection-scene', index))
  const background: Background = (['noise', 'gradient', 'texture'] as const)[randomInt(rng, 3)]
  // Two background colours of similar luminance, so a shape can contrast with both.
  const first = colour(rng)
  const shift = (c: number) => Math.max(0, Math.min(255, c + randomInt(rng, 61) - 30))
  const colours: [Rgb, Rgb] = [first, [shift(first[0]), shift(first[1]), shift(first[2])]]
  const mid: Rgb = [0, 1, 2].map((k) => (colours[0][k] + colours[1][k]) / 2) as Rgb
  const n = minObjects + randomInt(rng, maxObjects - minObjects + 1)
  const objects: SceneObject[] = []
  for (let k = 0; k < n; k++) {
    const r = (o.size * (0.08 + 0.32 * rng())) / 2
    objects.push({
      classId: randomInt(rng, SCENE_CLASSES.length),
      cx: r + rng() * (o.size - 2 * r),
      cy: r + rng() * (o.size - 2 * r),
      r,
      filled: rng() < 0.5,
      colour: contrasting(rng, mid),
    })
  }
  return { size: o.size, background, colours, angle: rng() * Math.PI, period: 4 + randomInt(rng, 12), noise: 10 + randomInt(rng, 30), noiseSeed: randomInt(rng, 2 ** 31), objects }
}

function backgroundAt(spec: SceneSpec, x: number, y: number, noise: Rng): Rgb {
  const [a, b] = spec.colours
  let t: number
  if (spec.background === 'gradient') t = ((x * Math.cos(spec.angle) + y * Math.sin(spec.angle)) / spec.size + 1) / 2
  else if (spec.background === 'texture') t = Math.floor((x * Math.cos(spec.angle) + y * Math.sin(spec.angle)) / spec.period) % 2 === 0 ? 0 : 1
  else t = 0.5
  const jitter = spec.background === 'noise' ? spec.noise : spec.noise / 3
  return [0, 1, 2].map((k) => a[k] + (b[k] - a[k]) * Math.min(1, Math.max(0, t)) + (noise() * 2 - 1) * jitter) as Rgb
}

/** Whether pixel centre (px, py) is painted by the object. */
export function covers(obj: SceneObject, px: number, py: number): boolean {
  const inside = INSIDE[SCENE_CLASSES[obj.classId]]
  const u = (px - obj.cx) / obj.r
  const v = (py - obj.cy) / obj.r
  if (!inside(u, v)) return false
  if (obj.filled) return true
  const s = 1 / (1 - OUTLINE)
  return !inside(u * s, v * s)
}

/** [size, size, 3] RGB bytes of a scene. */
export function renderScene(spec: SceneSpec): Uint8Array {
  const { size } = spec
  const out = new Uint8Array(size * size * 3)
  const noise = mulberry32(spec.noiseSeed)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let c = backgroundAt(spec, x, y, noise)
      for (const obj of spec.objects) if (covers(obj, x + 0.5, y + 0.5)) c = obj.colour
      const o = (y * size + x) * 3
      for (let k = 0; k < 3; k++) out[o + k] = Math.max(0, Math.min(255, Math.round(c[k])))
    }
  }
  return out
}

/** The objects' boxes: the bounding square of each shape (every shape touches all four sides). */
export function sceneBoxes(spec: SceneSpec): SceneBox[] {
  return spec.objects.map((o) => ({ classId: o.classId, box: [o.cx - o.r, o.cy - o.r, o.cx + o.r, o.cy + o.r] }))
}

export interface DetectionScenes {
  /** [count, size, size, 3] RGB. */
  images: Uint8Array
  boxes: SceneBox[][]
  classNames: string[]
}

/** Scenes first .. first + count - 1 of the seed's endless sequence. */
export function generateDetectionScenes(o: SceneOptions & { count: number; first?: number }): DetectionScenes {
  if (!Number.isInteger(o.count) || o.count < 0) throw new RangeError(`detection scenes: count must be a whole number >= 0, got ${o.count}`)
  const first = o.first ?? 0
  const images = new Uint8Array(o.count * o.size * o.size * 3)
  const boxes: SceneBox[][] = []
  for (let i = 0; i < o.count; i++) {
    const spec = sceneSpec(o, first + i)
    images.set(renderScene(spec), i * o.size * o.size * 3)
    boxes.push(sceneBoxes(spec))
  }
  return { images, boxes, classNames: [...SCENE_CLASSES] }
}
