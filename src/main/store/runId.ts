/**
 * Run ids look like `20261127-043812-k3f9`: the UTC creation time, so that `ls` sorts runs by age
 * and a person can date a run at a glance, plus four random base-36 characters, so that runs created
 * in the same second differ. Uniqueness is not left to chance: the store creates the run folder with
 * a non-recursive mkdir, which fails if the id is taken, and then picks new random characters.
 */
import { randomInt } from 'node:crypto'

const SUFFIX_LENGTH = 4
const RUN_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-z]{4}$/
/** What any folder name under runs/ must look like to be addressed as a run (no dots in front, no slashes). */
const SAFE_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/

export function newRunId(now: Date = new Date()): string {
  const iso = now.toISOString() // 2026-11-27T04:38:12.345Z
  const date = iso.slice(0, 10).replaceAll('-', '')
  const time = iso.slice(11, 19).replaceAll(':', '')
  const suffix = randomInt(36 ** SUFFIX_LENGTH).toString(36).padStart(SUFFIX_LENGTH, '0')
  return `${date}-${time}-${suffix}`
}

/** The random part, used in default run names (`mnist-k3f9`). */
export function shortRunId(id: string): string {
  return RUN_ID_PATTERN.test(id) ? id.slice(-SUFFIX_LENGTH) : id
}

/**
 * Ids come from command lines and HTTP requests; one containing `/` or starting with `.` could reach
 * outside runs/ or into .trash/, so such ids are rejected before they become paths. Folders made by
 * hand with other safe names are still accepted as runs.
 */
export function isSafeRunId(id: string): boolean {
  return SAFE_ID_PATTERN.test(id) && id.length <= 200
}
