/**
 * A tiny char-rnn run through the real command line (`benchtop run`), then `lm score` and
 * `lm sample` on it: in this process for most cases (one model load each), and through
 * `benchtop lm` itself for real output and exit codes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/main/cli/args'
import { lm } from '../../src/main/cli/commands/lm'
import type { CliContext } from '../../src/main/cli/context'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { loadLanguageModel } from '../../src/main/lm'
import { runCli, runCliSync, tempHome } from '../helpers/cli'

const home = tempHome()

function capture(): { ctx: CliContext; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true) }) as unknown as NodeJS.WriteStream
  return { ctx: { core: new BenchtopCore({ home }), stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)) }, out: () => out, err: () => err }
}

async function lmJson(argv: string[]): Promise<unknown> {
  const c = capture()
  expect(await lm(c.ctx, [...argv, '--json'])).toBe(0)
  return JSON.parse(c.out())
}

const lmChild = (argv: string[]) => runCliSync(['lm', ...argv], home)

describe('benchtop run char-rnn, then lm score and lm sample', () => {
  let run: { runId: string; status: string; metrics: Record<string, number>; dir: string }

  beforeAll(async () => {
    const r = await runCli(['run', 'char-rnn', '--preset', 'quick', '--set', 'limit=300', '--set', 'epochs=2', '--seed', '4', '--json'], home)
    expect(r.code, r.stderr).toBe(0)
    run = JSON.parse(r.stdout)
  }, 120_000)

  it('trains to completion with the language-model metrics and samples', () => {
    expect(run.status).toBe('completed')
    expect(Object.keys(run.metrics).sort()).toEqual(['epoch_loss', 'grad_norm', 'loss', 'perplexity', 'val_loss', 'val_perplexity'])
    const meta = JSON.parse(readFileSync(path.join(run.dir, 'meta.json'), 'utf8'))
    expect(meta).toMatchObject({ experiment: 'char-rnn', preset: 'quick', status: 'completed', epoch: 2, lastCheckpoint: 'epoch-0002' })
    expect(meta.dataset).toMatchObject({ id: 'english-words', source: expect.stringMatching(/^an-array-of-english-words/) })
    const samples = readFileSync(path.join(run.dir, 'artifacts', 'samples', 'word_probs.jsonl'), 'utf8').trim().split('\n')
    expect(samples).toHaveLength(2)
    expect(JSON.parse(samples[1]).value.pairs).toHaveLength(10)
  })

  it('scores words with the last checkpoint, or the one named', async () => {
    const probs = (await lmJson(['score', '--run', run.runId, 'cat', 'caq', 'apple'])) as Record<string, number>
    expect(Object.keys(probs)).toEqual(['cat', 'caq', 'apple'])
    for (const p of Object.values(probs)) expect(p > 0 && p < 1).toBe(true)
    const model = await loadLanguageModel(run.dir)
    expect(model.checkpoint.name).toBe('epoch-0002')
    model.dispose()
    const first = (await lmJson(['score', '--run', run.runId.slice(0, 12), 'cat', '--checkpoint', '1'])) as Record<string, number>
    expect(first.cat).not.toBe(probs.cat)
    const c = capture()
    await expect(lm(c.ctx, ['score', '--run', run.runId, 'cat', '--checkpoint', 'epoch-0009'])).rejects.toThrow(
      "has no checkpoint 'epoch-0009'; its checkpoints: epoch-0001, epoch-0002",
    )
  })

  it('prints a table of probability and log-probability without --json', async () => {
    const c = capture()
    expect(await lm(c.ctx, ['score', '--run', run.runId, 'cat', 'caq'])).toBe(0)
    const lines = c.out().trim().split('\n')
    expect(lines[0]).toMatch(/^word\s+probability\s+log-probability$/)
    expect(lines[2]).toMatch(/^cat\s+\d\.\d{3}e-\d+\s+-\d+\.\d{3}$/)
    expect(c.err()).toContain('checkpoint epoch-0002')
  })

  it('refuses words outside a-z as a usage error', async () => {
    const c = capture()
    const error = await lm(c.ctx, ['score', '--run', run.runId, 'cat', 'c4t']).catch((e) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toBe("'c4t' has characters outside a-z")
  })

  it('samples words of a-z only, at most 10 letters, reproducibly from --seed', async () => {
    const words = (await lmJson(['sample', '--run', run.runId, '-n', '12', '--seed', '3'])) as string[]
    expect(words).toHaveLength(12)
    for (const w of words) expect(w).toMatch(/^[a-z]{0,10}$/)
    expect(await lmJson(['sample', '--run', run.runId, '--n', '12', '--seed', '3'])).toEqual(words)
    const topK = (await lmJson(['sample', '--run', run.runId, '-n', '5', '--seed', '3', '--top-k', '3', '--temperature', '0.8'])) as string[]
    expect(topK).toHaveLength(5)
    const c = capture()
    await expect(lm(c.ctx, ['sample', '--run', run.runId, '--temperature', '-1'])).rejects.toThrow(/temperature must be a number above 0/)
  })

  it('runs as benchtop lm: JSON on stdout, exit 2 for a bad word, 1 for a run that is not char-rnn', () => {
    const ok = lmChild(['score', '--run', run.runId, 'queen', 'quees', '--json'])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(Object.keys(JSON.parse(ok.stdout))).toEqual(['queen', 'quees'])
    const bad = lmChild(['score', '--run', run.runId, 'c4t'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("benchtop lm: 'c4t' has characters outside a-z")
    const meta = path.join(run.dir, 'meta.json')
    const saved = readFileSync(meta, 'utf8')
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(saved), experiment: 'shapes-cnn' }))
    try {
      const other = lmChild(['sample', '--run', run.runId])
      expect(other.code).toBe(1)
      expect(other.stderr).toContain('is a shapes-cnn run; only char-rnn runs have a language model')
    } finally {
      writeFileSync(meta, saved)
    }
  })
})

describe('char-rnn data through --data', () => {
  it('trains on a text file, and refuses an image dataset', async () => {
    const file = path.join(home, 'words.txt')
    writeFileSync(file, Array.from({ length: 60 }, (_, i) => `word${'abcdefghij'[i % 10]}x cat dog`).join('\n'))
    const r = await runCli(['run', 'char-rnn', '--preset', 'quick', '--set', 'epochs=1', '--set', 'model=gru', '--set', 'hidden=8', '--data', file, '--json'], home)
    expect(r.code, r.stderr).toBe(0)
    const meta = JSON.parse(readFileSync(path.join(JSON.parse(r.stdout).dir, 'meta.json'), 'utf8'))
    expect(meta.dataset).toMatchObject({ id: 'words-txt', source: `${file} (text)` })
    const shapes = await runCli(['run', 'char-rnn', '--data', 'shapes', '--json'], home)
    expect(shapes.code).not.toBe(0)
    expect(shapes.stdout + shapes.stderr).toContain("'shapes' is an image dataset; char-rnn trains on words")
  }, 60_000)
})
