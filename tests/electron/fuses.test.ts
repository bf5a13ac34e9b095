/** The fuses a packaged app gets (scripts/electron-fuses.mjs), checked by name against @electron/fuses. */
import { FuseV1Options } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without type declarations
import { BENCHTOP_FUSES } from '../../scripts/electron-fuses.mjs'

describe('Electron fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, and turns on asar integrity, asar-only loading and cookie encryption', () => {
    const byName = Object.fromEntries(
      Object.entries(BENCHTOP_FUSES as Record<string, unknown>)
        .filter(([key]) => key !== 'version')
        .map(([key, value]) => [FuseV1Options[Number(key)], value]),
    )
    expect(byName).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      EnableCookieEncryption: true,
    })
  })
})
