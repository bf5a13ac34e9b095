import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { dispatch } from '../../src/main/core/dispatch'
import { workerEnv } from '../../src/main/training/launcher'
import { fakeLauncher } from '../helpers/fakeLauncher'
import { tempHome } from '../helpers/cli'

const fileOf = (home: string) => path.join(home, 'settings.json')
const readJson = (home: string) => JSON.parse(readFileSync(fileOf(home), 'utf8')) as Record<string, unknown>

describe('settings through the API', () => {
  it('starts from the defaults and says where runs and the settings file are', async () => {
    const home = tempHome()
    const view = await new BenchtopCore({ home }).getSettings()
    expect(view.settings).toEqual({ theme: 'system', defaultBackend: null, threads: null, queue: null })
    expect(view.runsFolder).toBe(path.join(home, 'runs'))
    expect(view.settingsFile).toBe(path.join(home, 'settings.json'))
    expect(view.cores).toBe(os.cpus().length)
  })

  it('persists each setting in settings.json, keeps keys it does not know, and null restores the default', async () => {
    const home = tempHome()
    mkdirSync(home, { recursive: true })
    writeFileSync(fileOf(home), JSON.stringify({ futureSetting: { a: 1 } }))
    const core = new BenchtopCore({ home })
    await dispatch(core, 'updateSettings', [{ theme: 'dark', defaultBackend: 'cpu', threads: 3, queue: { url: 'redis://10.0.0.5:6380/2', passwordFile: null } }])
    expect(readJson(home)).toEqual({ futureSetting: { a: 1 }, theme: 'dark', defaultBackend: 'cpu', threads: 3, queue: { url: 'redis://10.0.0.5:6380/2' } })
    // A fresh core (another process) reads the same.
    expect((await new BenchtopCore({ home }).getSettings()).settings).toEqual({
      theme: 'dark',
      defaultBackend: 'cpu',
      threads: 3,
      queue: { url: 'redis://10.0.0.5:6380/2', passwordFile: null },
    })
    await dispatch(core, 'updateSettings', [{ threads: null, queue: null, theme: 'system' }])
    expect(readJson(home)).toEqual({ futureSetting: { a: 1 }, defaultBackend: 'cpu' })
  })

  it.each([
    [{ theme: 'blue' }, /theme must be one of system, light, dark/],
    [{ defaultBackend: 'cuda' }, /defaultBackend must be null \(automatic\) or one of/],
    [{ threads: 0 }, /threads must be null \(every core\) or a whole number from 1 to 256/],
    [{ threads: 2.5 }, /threads must be/],
    [{ queue: { url: 'http://example.com' } }, /queue.url must be an address such as redis:\/\/HOST:PORT/],
    [{ colour: 'red' }, /unknown setting\(s\) colour/],
    ['dark', /must be an object of settings/],
  ])('refuses %j before the core sees it, changing nothing', async (patch, message) => {
    const home = tempHome()
    const core = new BenchtopCore({ home })
    await dispatch(core, 'updateSettings', [{ theme: 'light' }])
    const before = readFileSync(fileOf(home), 'utf8')
    await expect(dispatch(core, 'updateSettings', [patch])).rejects.toThrow(message)
    expect(readFileSync(fileOf(home), 'utf8')).toBe(before)
  })

  it('refuses a queue whose password file cannot be read, naming it', async () => {
    const home = tempHome()
    const core = new BenchtopCore({ home })
    const missing = path.join(home, 'no-such-password')
    await expect(core.updateSettings({ queue: { url: 'redis://127.0.0.1:6379', passwordFile: missing } })).rejects.toThrow(`${missing}: no such file`)
    expect((await core.getSettings()).settings.queue).toBeNull()
  })

  it('names the file when it holds a value this version refuses', async () => {
    const home = tempHome()
    mkdirSync(home, { recursive: true })
    writeFileSync(fileOf(home), JSON.stringify({ threads: -4 }))
    await expect(new BenchtopCore({ home }).getSettings()).rejects.toThrow(`${fileOf(home)}: threads must be`)
  })

  it('gives new runs the default backend (recorded in params.json) and the thread count', async () => {
    const home = tempHome()
    const { launcher, processes } = fakeLauncher()
    const core = new BenchtopCore({ home, launcher })
    await core.updateSettings({ defaultBackend: 'cpu', threads: 2 })
    const run = await core.startRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1 })
    expect(core.store.readParams(run.id).backend).toBe('cpu')
    expect(processes[0].options.threads).toBe(2)
    expect(workerEnv(processes[0].options, {}).BENCHTOP_THREADS).toBe('2')
    // A backend asked for explicitly wins over the default.
    const explicit = await core.startRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, backend: 'wasm' })
    expect(core.store.readParams(explicit.id).backend).toBe('wasm')
    for (const p of processes) p.exit(1)
  })

  it('leaves BENCHTOP_THREADS alone without a thread count', () => {
    expect(workerEnv({ logPath: null }, { PATH: '/bin' })).toEqual({ PATH: '/bin', BENCHTOP_WORKER: '1' })
    expect(workerEnv({ logPath: null, threads: 4 }, {}).BENCHTOP_THREADS).toBe('4')
  })
})
