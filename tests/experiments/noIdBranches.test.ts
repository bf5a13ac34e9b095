/**
 * Nothing outside an experiment's own folder (and the registry line that adds it) names an
 * experiment: panels, commands, the model cache and checkpoint choice go by declared capabilities,
 * outputs and metrics. A string literal of an id elsewhere in src/ is a branch on it waiting to drift.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXPERIMENTS } from '../../src/main/experiments/registry'

const SRC = path.resolve(__dirname, '../../src')
const EXPERIMENTS_DIR = path.join(SRC, 'main/experiments')

function sourceFiles(dir: string): string[] {
  const files: string[] = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full))
    else if (/\.(ts|vue|mts|js)$/.test(name)) files.push(full)
  }
  return files
}

/** Files that may name experiments: each experiment's folder and the registry. */
function allowed(file: string): boolean {
  const rel = path.relative(EXPERIMENTS_DIR, file)
  if (rel.startsWith('..')) return false
  return rel === 'registry.ts' || EXPERIMENTS.some((e) => rel.startsWith(e.id + path.sep))
}

/** `'id'`, `"id"` or `` `id` `` exactly: an id used as a value, not a path or a word in a sentence. */
function literalPattern(id: string): RegExp {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(['"\`])${escaped}\\1`)
}

describe('experiment ids in src/', () => {
  it('appear as string literals only in their own folder and the registry', () => {
    const offenders: string[] = []
    for (const file of sourceFiles(SRC)) {
      if (allowed(file)) continue
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, i) => {
        for (const e of EXPERIMENTS) {
          if (literalPattern(e.id).test(line)) offenders.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`)
        }
      })
    }
    expect(offenders, offenders.join('\n')).toEqual([])
  })

  it('the check itself finds a literal id (so an empty list above means something)', () => {
    const id = EXPERIMENTS[0].id
    expect(literalPattern(id).test(`if (run.experiment === '${id}') {`)).toBe(true)
    expect(literalPattern(id).test(`import x from './${id}/model'`)).toBe(false)
  })
})
