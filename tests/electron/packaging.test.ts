/**
 * The packaging config sets the fuses: electron-builder.json names scripts/electron-after-pack.mjs
 * as its afterPack hook, and that hook flips the intended fuses on the binary electron-builder packed
 * (@electron/fuses is mocked: no Electron binary is needed). The expected fuses are written out here
 * by name, not taken from the script.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FuseVersion } from '@electron/fuses'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ROOT } from '../helpers/cli'
import { EXPECTED_FUSES, fusesByName } from './expectedFuses'

const flipFuses = vi.hoisted(() => vi.fn(async () => 1))
vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<object>()), flipFuses }))

const config = JSON.parse(readFileSync(path.join(ROOT, 'electron-builder.json'), 'utf8')) as Record<string, unknown>

/** What electron-builder hands an afterPack hook, as far as the hook reads it. */
function context(platform: string, appOutDir: string) {
  return { appOutDir, electronPlatformName: platform, packager: { appInfo: { productFilename: 'Benchtop' }, executableName: 'benchtop' } }
}

beforeEach(() => flipFuses.mockClear())

describe('packaging config (electron-builder.json)', () => {
  it('packs the built app into an asar and names the afterPack hook, which exists', () => {
    expect(config.asar).toBe(true)
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']))
    expect(config.afterPack).toBe('./scripts/electron-after-pack.mjs')
    expect(existsSync(path.join(ROOT, config.afterPack as string))).toBe(true)
  })

  it.each([
    ['linux', '/dist/linux-unpacked', '/dist/linux-unpacked/benchtop', false],
    ['win32', 'C:/dist/win-unpacked', 'C:/dist/win-unpacked/Benchtop.exe', false],
    ['darwin', '/dist/mac-arm64', '/dist/mac-arm64/Benchtop.app', true],
  ])('on %s the hook flips the fuses of the packed binary', async (platform, outDir, binary, resign) => {
    const { default: afterPack } = await import(path.join(ROOT, config.afterPack as string))
    await afterPack(context(platform, outDir))
    expect(flipFuses).toHaveBeenCalledTimes(1)
    const [target, options] = flipFuses.mock.calls[0] as unknown as [string, Record<string, unknown>]
    expect(target).toBe(path.join(binary))
    expect(options.version).toBe(FuseVersion.V1)
    expect(options.resetAdHocDarwinSignature).toBe(resign)
    expect(fusesByName(options, ['version', 'resetAdHocDarwinSignature'])).toEqual(EXPECTED_FUSES)
  })
})
