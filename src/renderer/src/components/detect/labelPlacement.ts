/**
 * Where the Detect page draws the label of each kept box so that no label covers another: a pure
 * greedy placement in rank order (the best box chooses first). Each label tries, in order: above
 * its box's top-left corner, inside it at the top, below the box, inside at the bottom, then the
 * same at the box's right edge; if all of those collide, the nearest free slot in a column beside
 * the box, searched up and down the image. A label that fits nowhere (more labels than the image
 * has room for) is left out rather than drawn over another; its row in the list still names it.
 */

export interface LabelRect {
  x: number
  y: number
  width: number
  height: number
}

export interface LabelRequest {
  /** (x1, y1, x2, y2) in image pixels. */
  box: readonly [number, number, number, number] | readonly number[]
  /** The label's size in image pixels. */
  width: number
  height: number
}

export function overlaps(a: LabelRect, b: LabelRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function inside(r: LabelRect, width: number, height: number): boolean {
  return r.x >= 0 && r.y >= 0 && r.x + r.width <= width && r.y + r.height <= height
}

/** Moves a rectangle into the image where it sticks out by less than its own size. */
function clamp(r: LabelRect, width: number, height: number): LabelRect {
  return {
    ...r,
    x: Math.min(Math.max(0, r.x), Math.max(0, width - r.width)),
    y: Math.min(Math.max(0, r.y), Math.max(0, height - r.height)),
  }
}

/**
 * One rectangle per request, in the same order (null where no free place exists); all inside the
 * `width` x `height` image, none overlapping another.
 */
export function placeLabels(requests: readonly LabelRequest[], width: number, height: number): Array<LabelRect | null> {
  const placed: LabelRect[] = []
  const free = (r: LabelRect) => inside(r, width, height) && placed.every((p) => !overlaps(p, r))
  return requests.map(({ box, width: w, height: h }) => {
    const [x1, y1, x2, y2] = box
    const left = x1
    const right = x2 - w
    const candidates: LabelRect[] = []
    for (const x of [left, right]) {
      for (const y of [y1 - h, y1, y2, y2 - h]) candidates.push(clamp({ x, y, width: w, height: h }, width, height))
    }
    let chosen = candidates.find(free) ?? null
    if (!chosen) {
      // Nearest free slot up or down the image, in the box's left or right column.
      const step = Math.max(1, h / 2)
      for (let d = step; !chosen && d <= height; d += step) {
        for (const x of [left, right]) {
          for (const y of [y1 - h - d, y1 + d]) {
            const r = clamp({ x, y, width: w, height: h }, width, height)
            if (free(r)) {
              chosen = r
              break
            }
          }
          if (chosen) break
        }
      }
    }
    if (chosen) placed.push(chosen)
    return chosen
  })
}

/** A label's width in pixels for `text` at `fontSize`, with padding; the SVG text is fitted to it. */
export function labelWidth(text: string, fontSize: number): number {
  return (text.length * 0.6 + 0.6) * fontSize
}
