/**
 * Face verification on descriptors, pure (the Faces page recolours and regroups with these as
 * the threshold slider moves, without new inference; the command line uses the same code).
 *
 * A face is a 128-d descriptor from face-api's recognition network (dlib's ResNet-34 family).
 * Two faces are "the same person" when the Euclidean distance of their descriptors is at most the
 * threshold; face-api (and dlib) suggest 0.6.
 */

/** face-api's suggested threshold (dlib's: "same person" below 0.6 on LFW). */
export const DEFAULT_FACE_THRESHOLD = 0.6

/** Which face of which image: both indices into the request's order. */
export interface FaceRef {
  image: number
  face: number
}

export interface FacePair {
  a: FaceRef
  b: FaceRef
  distance: number
  same: boolean
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`descriptors differ in length: ${a.length} and ${b.length}`)
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return Math.sqrt(s)
}

/** [n, n] symmetric distances, zero diagonal. */
export function distanceMatrix(descriptors: readonly ArrayLike<number>[]): number[][] {
  const n = descriptors.length
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = euclidean(descriptors[i], descriptors[j])
      m[i][j] = d
      m[j][i] = d
    }
  return m
}

/** Every unordered pair i < j (faces in the order given), with its verdict at `threshold`. */
export function facePairs(refs: readonly FaceRef[], matrix: readonly (readonly number[])[], threshold: number): FacePair[] {
  const pairs: FacePair[] = []
  for (let i = 0; i < refs.length; i++)
    for (let j = i + 1; j < refs.length; j++) pairs.push({ a: refs[i], b: refs[j], distance: matrix[i][j], same: matrix[i][j] <= threshold })
  return pairs
}

/**
 * "Who is this": faces grouped into people, single linkage at `threshold` (the connected
 * components of the graph whose edges are the "same" pairs). Groups are lists of face indices,
 * each sorted, ordered by their first face.
 */
export function groupFaces(matrix: readonly (readonly number[])[], threshold: number): number[][] {
  const n = matrix.length
  const parent = Array.from({ length: n }, (_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (matrix[i][j] <= threshold) {
        const a = find(i)
        const b = find(j)
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
      }
  const groups = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const root = find(i)
    const g = groups.get(root)
    if (g) g.push(i)
    else groups.set(root, [i])
  }
  return [...groups.values()].sort((a, b) => a[0] - b[0])
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The distance matrix as CSV: a header of face labels, one row per face (distances to 4 decimals). */
export function matrixCsv(labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const lines = [['face', ...labels].map(csvField).join(',')]
  for (let i = 0; i < labels.length; i++) lines.push([csvField(labels[i]), ...matrix[i].map((d) => d.toFixed(4))].join(','))
  return lines.join('\n') + '\n'
}

/** Every pair with its verdict as CSV (face A, face B, distance, same). */
export function pairsCsv(labels: readonly string[], matrix: readonly (readonly number[])[], threshold: number): string {
  const lines = ['face_a,face_b,distance,same']
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) lines.push([csvField(labels[i]), csvField(labels[j]), matrix[i][j].toFixed(4), matrix[i][j] <= threshold ? 'same' : 'different'].join(','))
  return lines.join('\n') + '\n'
}
