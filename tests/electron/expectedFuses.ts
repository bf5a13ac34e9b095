/**
 * The fuses fuses.test.ts and packaging.test.ts expect a packaged Benchtop to get, written out here
 * by name, not taken from the scripts.
 */
import { FuseV1Options } from '@electron/fuses'

export const EXPECTED_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: true,
}

/**
 * flipFuses' options with each numeric key replaced by its FuseV1Options name and the keys in
 * `checkedElsewhere` left out; any other key stays as it is, so toEqual(EXPECTED_FUSES) fails on it.
 */
export function fusesByName(options: Record<string, unknown>, checkedElsewhere: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options)
      .filter(([key]) => !checkedElsewhere.includes(key))
      .map(([key, value]) => [/^\d+$/.test(key) ? FuseV1Options[Number(key)] : key, value]),
  )
}
