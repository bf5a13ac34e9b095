/**
 * The pure verification pieces the Faces page and `benchtop faces` share, against hand-computed
 * values and a brute-force reference (reachability by repeated relaxation) for the grouping.
 */
import { describe, expect, it } from 'vitest'
import { distanceMatrix, euclidean, facePairs, groupFaces, matrixCsv, pairsCsv } from '../../src/shared/faces/similarity'

/** Brute force: i and j are the same person when a chain of <= t steps links them (Warshall's closure). */
function closureGroups(m: number[][], t: number): number[][] {
  const n = m.length
  const r = m.map((row, i) => row.map((d, j) => i === j || d <= t))
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i][k] && r[k][j]) r[i][j] = true
  const out: number[][] = []
  const done = new Set<number>()
  for (let i = 0; i < n; i++) {
    if (done.has(i)) continue
    const g = r[i].flatMap((v, j) => (v ? [j] : []))
    g.forEach((j) => done.add(j))
    out.push(g)
  }
  return out
}

function random(seed: number): () => number {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

describe('face similarity', () => {
  it('distances are Euclidean (3-4-5) and the matrix symmetric with a zero diagonal', () => {
    expect(euclidean([0, 0], [3, 4])).toBe(5)
    const m = distanceMatrix([
      [0, 0],
      [3, 4],
      [6, 8],
    ])
    expect(m).toEqual([
      [0, 5, 10],
      [5, 0, 5],
      [10, 5, 0],
    ])
    expect(() => euclidean([1], [1, 2])).toThrow(/differ in length/)
  })

  it('pairs list every i < j once with the verdict distance <= threshold', () => {
    const m = distanceMatrix([[0], [0.6], [2]])
    const refs = [
      { image: 0, face: 0 },
      { image: 0, face: 1 },
      { image: 1, face: 0 },
    ]
    const pairs = facePairs(refs, m, 0.6)
    expect(pairs.map((p) => [p.a, p.b, p.same])).toEqual([
      [refs[0], refs[1], true],
      [refs[0], refs[2], false],
      [refs[1], refs[2], false],
    ])
  })

  it('grouping is the connected components of "same" pairs (chains link), as the brute-force closure', () => {
    // 0-1 and 1-2 close, 0-2 far: single linkage puts all three together.
    const chain = distanceMatrix([[0], [0.5], [1.0], [5]])
    expect(groupFaces(chain, 0.6)).toEqual([[0, 1, 2], [3]])
    expect(groupFaces(chain, 0.4)).toEqual([[0], [1], [2], [3]])
    const next = random(7)
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(next() * 12)
      const points = Array.from({ length: n }, () => [next() * 3, next() * 3])
      const m = distanceMatrix(points)
      const t = next() * 1.5
      expect(groupFaces(m, t)).toEqual(closureGroups(m, t))
    }
  })

  it('CSV has a header of labels, quoted when needed, and one row per face', () => {
    const m = distanceMatrix([[0], [0.25]])
    expect(matrixCsv(['a.jpg #1', 'b,"x".jpg #1'], m)).toBe('face,a.jpg #1,"b,""x"".jpg #1"\na.jpg #1,0.0000,0.2500\n"b,""x"".jpg #1",0.2500,0.0000\n')
    expect(pairsCsv(['a', 'b'], m, 0.2)).toBe('face_a,face_b,distance,same\na,b,0.2500,different\n')
  })
})
