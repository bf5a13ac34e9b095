/**
 * Paths a web client sends (a data set folder to import, the `data` of a run or study) go through
 * a real core behind the real server: only absolute paths of regular folders or files, no
 * devices or FIFOs, text files up to 64 MiB, each refusal saying which.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { writeClass } from '../datasets/fixtures'
import { callApi, rendererFixture, TOKEN } from './helpers'

const fixture = rendererFixture()
const home = mkdtempSync(path.join(os.tmpdir(), 'benchtop-input-paths-'))
const files = mkdtempSync(path.join(os.tmpdir(), 'benchtop-input-files-'))
let core: BenchtopCore
let server: WebServer

beforeAll(async () => {
  core = new BenchtopCore({ home })
  server = await startWebServer({ core, rendererDir: fixture.rendererDir, token: TOKEN })
})

afterAll(async () => {
  await server.close()
  await core.shutdown()
  fixture.remove()
  rmSync(home, { recursive: true, force: true })
  rmSync(files, { recursive: true, force: true })
})

async function refusal(method: string, args: unknown[]): Promise<string> {
  const { status, json } = await callApi(server.port, { method, args })
  expect(status).toBe(200)
  expect(json.ok, JSON.stringify(json)).toBe(false)
  return json.error!
}

const charRnn = (data: string) => ({ experiment: 'char-rnn', data })

describe('paths through the web API', () => {
  it('refuses a relative path, naming it, instead of reading the server’s working folder', async () => {
    expect(await refusal('importDataset', ['datasets/pets'])).toBe(
      "import 'datasets/pets' is not an absolute path: give the full path (a relative path is not resolved against the server's working folder)",
    )
    expect(await refusal('startRun', [charRnn('words.txt')])).toBe(
      "data: no data set with id 'words.txt', and 'words.txt' is not an absolute path (a relative path is not resolved against the server's working folder)",
    )
    expect(await refusal('startStudy', [{ ...charRnn('../words.txt'), sweep: [{ key: 'epochs', values: [1, 2] }] }])).toMatch(
      /^data: no data set with id '\.\.\/words\.txt', and '\.\.\/words\.txt' is not an absolute path/,
    )
    expect(await core.listRuns()).toEqual([])
  })

  it('refuses devices and FIFOs (they never end), as a data set or as run data', async () => {
    const fifo = path.join(files, 'pipe')
    execFileSync('mkfifo', [fifo])
    for (const p of ['/dev/zero', fifo]) {
      expect(await refusal('importDataset', [p])).toBe(`import: ${p} is a device, FIFO or socket, not a folder`)
      expect(await refusal('startRun', [charRnn(p)])).toBe(`data: ${p} is a device, FIFO or socket, not a folder or regular file`)
    }
    expect(await core.listRuns()).toEqual([])
  })

  it('refuses a text file over 64 MiB with its size, and a file as a data set folder', async () => {
    const big = path.join(files, 'big.txt')
    writeFileSync(big, '')
    truncateSync(big, 65 * 1024 * 1024) // sparse: no disk space used
    expect(await refusal('startRun', [charRnn(big)])).toBe(`data: ${big} is 65.0 MiB; text files of at most 64 MiB are read`)
    expect(await refusal('importDataset', [big])).toBe(`import: ${big} is a file, not a folder (a data set is a folder of images or of IDX files)`)
    expect(await core.listRuns()).toEqual([])
  })

  it('still imports an absolute folder', async () => {
    const root = path.join(files, 'Pets')
    await writeClass(path.join(root, 'cats'), 2, 'cat')
    await writeClass(path.join(root, 'dogs'), 2, 'dog')
    const { json } = await callApi(server.port, { method: 'importDataset', args: [root] })
    expect(json).toMatchObject({ ok: true, result: { id: 'pets', source: root } })
  })
})
