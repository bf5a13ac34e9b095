/** The fuses a packaged app gets (scripts/electron-fuses.mjs), checked by name against @electron/fuses. */
import { FuseVersion } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without type declarations
import { BENCHTOP_FUSES } from '../../scripts/electron-fuses.mjs'
import { EXPECTED_FUSES, fusesByName } from './expectedFuses'

describe('Electron fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, and turns on asar integrity, asar-only loading and cookie encryption', () => {
    const fuses = BENCHTOP_FUSES as Record<string, unknown>
    expect(fuses.version).toBe(FuseVersion.V1)
    expect(fusesByName(fuses, ['version'])).toEqual(EXPECTED_FUSES)
  })
})
