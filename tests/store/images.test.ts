/** Run images through the store: written with their index line, read back only when they are what the index names. */
import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { RunStore, writeRunImage } from '../../src/main/store'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { checkCall, InvalidCallError } from '../../src/shared/apiMethods'

async function png(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } }).png().toBuffer())
}

function newRun() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'images-'))
  const store = new RunStore(home)
  const meta = store.createRun({ experiment: 'x', preset: 'p', seed: 1, params: {} })
  return { home, store, id: meta.id, artifacts: store.artifactsDir(meta.id) }
}

describe('run images', () => {
  it('are listed by step with caption, step, epoch and the PNG size, and read back byte for byte', async () => {
    const { store, id, artifacts } = newRun()
    const late = await png(8, 6)
    const early = await png(4, 4)
    writeRunImage(artifacts, { series: 'stylised', png: late, caption: 'after 20 steps', step: 20, epoch: 1 })
    writeRunImage(artifacts, { series: 'stylised', png: early, caption: 'start', step: 0, epoch: 0 })
    const list = store.listImages(id)
    expect(list.map((i) => [i.file, i.step, i.epoch, i.caption, i.width, i.height])).toEqual([
      ['stylised-00000000.png', 0, 0, 'start', 4, 4],
      ['stylised-00000020.png', 20, 1, 'after 20 steps', 8, 6],
    ])
    expect(Buffer.compare(store.readImage(id, 'stylised-00000020.png'), Buffer.from(late))).toBe(0)
  })

  it('refuses what is not a PNG, a name the index does not hold, a symlink out of the run, and skips torn index lines', async () => {
    const { store, id, artifacts } = newRun()
    const small = await png(2, 2)
    expect(() => writeRunImage(artifacts, { series: 'a', png: new Uint8Array([1, 2, 3]), caption: '', step: 1, epoch: 0 })).toThrow(/not a PNG/)
    expect(() => writeRunImage(artifacts, { series: '../x', png: small, caption: '', step: 1, epoch: 0 })).toThrow(/invalid image series/)
    writeRunImage(artifacts, { series: 'a', png: await png(2, 2), caption: '', step: 1, epoch: 0 })
    appendFileSync(path.join(artifacts, 'images', 'index.jsonl'), '{"file":"a-000\n{"file":"../../meta.json","series":"a"}\n')
    expect(store.listImages(id).map((i) => i.file)).toEqual(['a-00000001.png'])
    expect(() => store.readImage(id, 'b-00000001.png')).toThrow(/no image/)
    expect(() => store.readImage(id, '../meta.json')).toThrow(/not an image name/)
    const secret = path.join(mkdtempSync(path.join(os.tmpdir(), 'outside-')), 'secret.png')
    writeFileSync(secret, await png(2, 2))
    unlinkSync(path.join(artifacts, 'images', 'a-00000001.png'))
    symlinkSync(secret, path.join(artifacts, 'images', 'a-00000001.png'))
    expect(() => store.readImage(id, 'a-00000001.png')).toThrow(/not a regular file/)
  })

  it('come through the API as a list and base64 bytes, with the file name checked at the boundary', async () => {
    const { home, store, id, artifacts } = newRun()
    const bytes = await png(3, 3)
    writeRunImage(artifacts, { series: 'generated', png: bytes, caption: 'x', step: 5, epoch: 1 })
    const core = new BenchtopCore({ home })
    expect((await core.listRunImages(id)).map((i) => i.file)).toEqual(['generated-00000005.png'])
    const data = await core.readRunImage(id, 'generated-00000005.png')
    expect(Buffer.from(data.dataBase64, 'base64').equals(Buffer.from(bytes))).toBe(true)
    expect(() => checkCall('readRunImage', [id, '../../etc/passwd'])).toThrow(InvalidCallError)
    expect(() => checkCall('readRunImage', [id, 'generated-00000005.png'])).not.toThrow()
    expect(store.listImages(id)).toHaveLength(1)
  })
})

describe('checkpoint choice', () => {
  it('is one store call: the latest by default, by name or epoch, with the ones there are when missing', () => {
    const { store, id } = newRun()
    expect(() => store.latestCheckpoint(id)).toThrow(/no checkpoint yet/)
    for (const [name, step, epoch] of [['epoch-0001', 3, 1], ['epoch-0002', 6, 2]] as const) {
      const dir = path.join(store.checkpointsDir(id), name)
      mkdirSync(dir, { recursive: true })
      writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify({ name, step, epoch, time: 1 }))
    }
    expect(store.latestCheckpoint(id).name).toBe('epoch-0002')
    expect(store.latestCheckpoint(id, '1').name).toBe('epoch-0001')
    expect(store.latestCheckpoint(id, 'epoch-0001').dir).toBe(path.join(store.checkpointsDir(id), 'epoch-0001'))
    expect(() => store.latestCheckpoint(id, '7')).toThrow(/no checkpoint 'epoch-0007'; its checkpoints: epoch-0001, epoch-0002/)
  })

  it('reads the end of the log through the store', () => {
    const { store, id } = newRun()
    expect(store.readLogTail(id, 10)).toBe('')
    writeFileSync(store.logPath(id), 'a'.repeat(100) + 'the end')
    expect(store.readLogTail(id, 7)).toBe('the end')
  })
})
