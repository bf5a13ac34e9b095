import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetInfo } from '../../src/shared/api'
import { removeTempDirs, tempDir, writeClass, writeText } from '../datasets/fixtures'
import { runCli, tempHome, TINY } from '../helpers/cli'

describe('image-folder datasets through the command line', () => {
  const home = tempHome()
  let root = ''

  beforeAll(async () => {
    root = path.join(await tempDir(), 'pets')
    await writeClass(path.join(root, 'cats'), 12, 'cat.')
    await writeClass(path.join(root, 'dogs'), 12, 'dog.', 50)
    await writeText(path.join(root, 'dogs', 'broken.png'), 'this is not a PNG')
  })
  afterAll(removeTempDirs)

  it('imports a folder, reports skipped files, and lists it beside the built-ins', async () => {
    const imported = await runCli(['datasets', 'import', root, '--json'], home)
    expect(imported.code).toBe(0)
    const info: DatasetInfo = JSON.parse(imported.stdout)
    expect(info).toMatchObject({ id: 'pets', format: 'class-folders', classes: ['cats', 'dogs'] })
    expect(info.skipped).toEqual([{ file: expect.stringContaining('broken.png'), reason: expect.any(String) }])
    const list: DatasetInfo[] = JSON.parse((await runCli(['datasets', '--json'], home)).stdout)
    expect(list.map((d) => d.id)).toEqual(expect.arrayContaining(['shapes', 'pets']))
    const text = await runCli(['datasets'], home)
    expect(text.stdout).toMatch(/pets\s+imported\s+class-folders\s+2/)
  })

  it('trains on it, skipping the corrupt file, and decodes only once', async () => {
    const args = ['run', 'shapes-cnn', ...TINY, '--set', 'epochs=1', '--data', 'pets', '--json']
    const first = JSON.parse((await runCli(args, home)).stdout)
    expect(first.status).toBe('completed')
    const log = readFileSync(path.join(first.dir, 'log.txt'), 'utf8')
    expect(log).toMatch(/skipped .*broken\.png/)
    expect(log).toMatch(/decoded \d+\/\d+ images/)
    const meta = JSON.parse(readFileSync(path.join(first.dir, 'meta.json'), 'utf8'))
    expect(meta.dataset).toMatchObject({ id: 'pets', source: root })

    const second = JSON.parse((await runCli(args, home)).stdout)
    expect(second.status).toBe('completed')
    const secondLog = readFileSync(path.join(second.dir, 'log.txt'), 'utf8')
    expect(secondLog).not.toMatch(/decoded \d+\/\d+ images/)
    expect(secondLog).toContain('taken from the cache')
    expect(JSON.parse(readFileSync(path.join(second.dir, 'meta.json'), 'utf8')).dataset.fingerprint).toBe(meta.dataset.fingerprint)
  })

  it('names the path of a folder in neither layout', async () => {
    const empty = await tempDir()
    const r = await runCli(['datasets', 'import', empty], home)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(empty)
  })
})
