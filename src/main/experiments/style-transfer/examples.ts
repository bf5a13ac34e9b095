/**
 * Built-in example images, drawn by code, so the quick preset runs with no files at all (no photo
 * ships in git, and the app must not need Python's sample photographs):
 *  - `example:landscape` (content): sky gradient, sun, three rows of hills, a house with a roof;
 *  - `example:waves` (style): saturated swirling bands, a stand-in for a painting's brush strokes;
 *  - `example:mosaic` (style): irregular coloured tiles with dark joints.
 * Pure: RGB bytes from (width, height), deterministic.
 */

export const EXAMPLES = ['example:landscape', 'example:waves', 'example:mosaic'] as const
export type ExampleName = (typeof EXAMPLES)[number]
export const DEFAULT_CONTENT: ExampleName = 'example:landscape'
export const DEFAULT_STYLE: ExampleName = 'example:waves'
/** Width / height of the examples as drawn (the output keeps the content's aspect ratio). */
export const EXAMPLE_ASPECT = 4 / 3

export function isExample(name: string): name is ExampleName {
  return (EXAMPLES as readonly string[]).includes(name)
}

type Rgb = [number, number, number]

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number): number => {
    const k = (n + h * 6) % 6
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1))
  }
  return [f(5) * 255, f(3) * 255, f(1) * 255]
}

/** Deterministic hash noise in [0, 1). */
function hash(x: number, y: number): number {
  const s = Math.sin(x * 127.1 + y * 311.7) * 43758.5453
  return s - Math.floor(s)
}

function landscape(u: number, v: number): Rgb {
  // u, v in [0, 1): x to the right, y down.
  let c: Rgb = mix([70, 130, 210], [200, 225, 245], v / 0.6)
  const sun = Math.hypot(u - 0.78, v - 0.2)
  if (sun < 0.09) c = [255, 220, 90]
  else if (sun < 0.13) c = mix([255, 220, 90], c, (sun - 0.09) / 0.04)
  const hills: Array<[number, number, number, Rgb]> = [
    [0.55, 0.06, 5, [90, 140, 80]],
    [0.68, 0.05, 7, [60, 120, 60]],
    [0.82, 0.04, 3, [40, 95, 45]],
  ]
  for (const [base, amp, freq, colour] of hills) {
    if (v > base + amp * Math.sin(u * freq + base * 10)) c = mix(colour, [20, 40, 20], (v - base) * 0.8)
  }
  // House: wall, door, window, triangular roof.
  if (u > 0.2 && u < 0.4 && v > 0.52 && v < 0.75) {
    c = [225, 205, 170]
    if (u > 0.27 && u < 0.33 && v > 0.62) c = [110, 60, 40]
    if (u > 0.22 && u < 0.26 && v > 0.57 && v < 0.63) c = [120, 170, 220]
  }
  if (v <= 0.52 && v > 0.4 && Math.abs(u - 0.3) < v - 0.4) c = [170, 50, 40]
  return c
}

function waves(u: number, v: number): Rgb {
  const a = Math.atan2(v - 0.5, u - 0.5)
  const r = Math.hypot(u - 0.5, v - 0.5)
  const swirl = Math.sin(18 * r + 4 * a + 3 * Math.sin(6 * u)) + 0.5 * Math.sin(25 * v + 5 * Math.cos(9 * u))
  const band = (swirl + 1.5) / 3
  const stroke = 0.85 + 0.15 * Math.sin(120 * (u + v) + 10 * swirl)
  return hsv((0.55 + 0.55 * band) % 1, 0.8, Math.min(1, (0.35 + 0.65 * band) * stroke))
}

function mosaic(u: number, v: number): Rgb {
  // Voronoi tiles over a jittered 8 x 6 grid.
  const gx = u * 8
  const gy = v * 6
  let best = Infinity
  let second = Infinity
  let id = 0
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const cx = Math.floor(gx) + dx
      const cy = Math.floor(gy) + dy
      const px = cx + hash(cx, cy)
      const py = cy + hash(cy + 17, cx + 3)
      const d = Math.hypot(gx - px, gy - py)
      if (d < best) {
        second = best
        best = d
        id = hash(cx * 7 + 1, cy * 13 + 5)
      } else if (d < second) second = d
    }
  }
  if (second - best < 0.08) return [35, 30, 30]
  return hsv(id, 0.7, 0.6 + 0.4 * hash(id * 100, 1))
}

/**
 * One built-in example.
 * @returns [height, width, 3] RGB bytes
 */
export function drawExample(name: ExampleName, width: number, height: number): Uint8Array {
  const draw = name === 'example:landscape' ? landscape : name === 'example:waves' ? waves : mosaic
  const out = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = draw((x + 0.5) / width, (y + 0.5) / height)
      const o = (y * width + x) * 3
      out[o] = Math.max(0, Math.min(255, Math.round(c[0])))
      out[o + 1] = Math.max(0, Math.min(255, Math.round(c[1])))
      out[o + 2] = Math.max(0, Math.min(255, Math.round(c[2])))
    }
  }
  return out
}
