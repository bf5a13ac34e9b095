/**
 * The two label formats people have for detection data, parsed from their text (issue 15):
 *  - YOLO txt: one `class cx cy w h` line per object, normalised to [0, 1], one file per image,
 *    class names in `classes.txt` (one per line) or `data.yaml` (`names: [a, b]`, a `- name`
 *    list, or an `0: name` map);
 *  - COCO JSON (`instances_*.json`): `images`, `annotations` with `bbox: [x, y, width, height]` in
 *    pixels, `categories` with ids (not necessarily 0..k-1).
 * Bad labels are reported, one problem each, and skipped; the good ones are kept. Pure: text in.
 */

/** An object normalised to the image: centre (cx, cy), size (w, h), all in [0, 1]. */
export interface LabelBox {
  classId: number
  cx: number
  cy: number
  w: number
  h: number
}

export interface LabelProblem {
  /** The file (and line, for YOLO txt) the problem is in. */
  where: string
  problem: string
}

export interface ParsedLabels {
  boxes: LabelBox[]
  problems: LabelProblem[]
}

function checkBox(b: LabelBox, classCount: number): string | null {
  if (!(Number.isInteger(b.classId) && b.classId >= 0 && b.classId < classCount)) return `class id ${b.classId} is not one of the ${classCount} classes (0..${classCount - 1})`
  if (!(b.w > 0 && b.h > 0)) return `the size ${b.w} x ${b.h} is not positive`
  const [x1, y1, x2, y2] = [b.cx - b.w / 2, b.cy - b.h / 2, b.cx + b.w / 2, b.cy + b.h / 2]
  const eps = 1e-6
  if (x1 < -eps || y1 < -eps || x2 > 1 + eps || y2 > 1 + eps) return `the box (${x1.toFixed(3)}, ${y1.toFixed(3)}) - (${x2.toFixed(3)}, ${y2.toFixed(3)}) reaches outside the image ([0, 1])`
  return null
}

/** One image's YOLO label file. */
export function parseYoloLabels(text: string, classCount: number, file: string): ParsedLabels {
  const boxes: LabelBox[] = []
  const problems: LabelProblem[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const where = `${file}:${i + 1}`
    const parts = line.split(/\s+/)
    const numbers = parts.map(Number)
    if (parts.length !== 5 || numbers.some((n) => !Number.isFinite(n))) {
      problems.push({ where, problem: `expected "class cx cy w h" (five numbers), got "${line.slice(0, 80)}"` })
      return
    }
    const [classId, cx, cy, w, h] = numbers
    const box = { classId, cx, cy, w, h }
    const bad = checkBox(box, classCount)
    if (bad) problems.push({ where, problem: bad })
    else boxes.push(box)
  })
  return { boxes, problems }
}

/** Class names from `classes.txt`: one per line, blank lines ignored. */
export function parseClassesTxt(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
}

const unquote = (s: string) => s.trim().replace(/^['"]|['"]$/g, '')

/** Class names from a YOLO `data.yaml`: `names: [a, b]`, a block list, or an index map. */
export function parseDataYaml(text: string, file: string): string[] {
  const lines = text.split(/\r?\n/)
  const at = lines.findIndex((l) => /^names\s*:/.test(l))
  if (at < 0) throw new Error(`${file}: no "names:" entry`)
  const inline = lines[at].replace(/^names\s*:/, '').trim()
  if (inline.startsWith('[')) {
    if (!inline.endsWith(']')) throw new Error(`${file}: "names: [" is not closed on its line`)
    return inline.slice(1, -1).split(',').map(unquote).filter(Boolean)
  }
  if (inline) throw new Error(`${file}: "names:" must be a list or a map, got "${inline}"`)
  const names: string[] = []
  const indexed: Array<[number, string]> = []
  for (const l of lines.slice(at + 1)) {
    if (!l.trim()) continue
    if (!/^\s/.test(l)) break
    const item = /^\s+-\s*(.+)$/.exec(l)
    const pair = /^\s+(\d+)\s*:\s*(.+)$/.exec(l)
    if (item) names.push(unquote(item[1]))
    else if (pair) indexed.push([Number(pair[1]), unquote(pair[2])])
    else throw new Error(`${file}: cannot read the names line "${l.trim()}"`)
  }
  if (indexed.length) {
    indexed.sort((a, b) => a[0] - b[0])
    indexed.forEach(([k], i) => {
      if (k !== i) throw new Error(`${file}: class indices must run 0, 1, 2, ... without gaps (found ${k} at position ${i})`)
    })
    return indexed.map(([, n]) => n)
  }
  if (!names.length) throw new Error(`${file}: "names:" lists no classes`)
  return names
}

export interface CocoImage {
  id: number
  file: string
  width: number
  height: number
  boxes: LabelBox[]
}

export interface ParsedCoco {
  classNames: string[]
  images: CocoImage[]
  problems: LabelProblem[]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A COCO instances file; class ids become 0..k-1 in the order of the category ids. */
export function parseCoco(json: unknown, file: string): ParsedCoco {
  if (!isRecord(json) || !Array.isArray(json.images) || !Array.isArray(json.annotations) || !Array.isArray(json.categories)) {
    throw new Error(`${file}: not a COCO instances file (it needs "images", "annotations" and "categories" arrays)`)
  }
  const problems: LabelProblem[] = []
  const categories = json.categories.filter((c): c is { id: number; name: string } => isRecord(c) && Number.isInteger(c.id) && typeof c.name === 'string')
  if (categories.length !== json.categories.length) problems.push({ where: file, problem: `${json.categories.length - categories.length} categories without an integer id and a name were skipped` })
  categories.sort((a, b) => a.id - b.id)
  const classOf = new Map(categories.map((c, i) => [c.id, i]))
  const images = new Map<number, CocoImage>()
  for (const im of json.images) {
    if (!isRecord(im) || !Number.isInteger(im.id) || typeof im.file_name !== 'string' || !(Number(im.width) > 0) || !(Number(im.height) > 0)) {
      problems.push({ where: file, problem: `an image entry without an integer id, file_name, width and height was skipped: ${JSON.stringify(im).slice(0, 80)}` })
      continue
    }
    images.set(im.id as number, { id: im.id as number, file: im.file_name, width: Number(im.width), height: Number(im.height), boxes: [] })
  }
  json.annotations.forEach((a, k) => {
    const where = `${file}: annotation ${isRecord(a) && a.id !== undefined ? String(a.id) : `#${k}`}`
    if (!isRecord(a)) return void problems.push({ where, problem: 'not an object' })
    if (a.iscrowd === 1) return
    const image = images.get(a.image_id as number)
    if (!image) return void problems.push({ where, problem: `image_id ${String(a.image_id)} is not in "images"` })
    const classId = classOf.get(a.category_id as number)
    if (classId === undefined) return void problems.push({ where, problem: `category_id ${String(a.category_id)} is not in "categories"` })
    const bbox = a.bbox
    if (!Array.isArray(bbox) || bbox.length !== 4 || bbox.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      return void problems.push({ where, problem: 'bbox is not four numbers [x, y, width, height]' })
    }
    const [x, y, w, h] = bbox as number[]
    const box = { classId, cx: (x + w / 2) / image.width, cy: (y + h / 2) / image.height, w: w / image.width, h: h / image.height }
    const bad = checkBox(box, categories.length)
    if (bad) problems.push({ where, problem: bad })
    else image.boxes.push(box)
  })
  return { classNames: categories.map((c) => c.name), images: [...images.values()], problems }
}
