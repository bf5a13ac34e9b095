/**
 * Each test file gets its own temporary folder, removed when the file ends: `os.tmpdir()` (and so
 * every `mkdtemp` of a test, a CLI child's run home, Chromium's profile) points into it. A suite
 * trains ResNet-50 and SRGAN runs whose checkpoints take hundreds of MB; left behind, a few full
 * runs of the suite fill a small disk, and the disk a CI machine shares is sometimes small.
 *
 * Set at the top level, not in beforeAll: test files call `tempHome()` while they are collected.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const previous = process.env.TMPDIR
const dir = mkdtempSync(path.join(os.tmpdir(), 'f-'))
process.env.TMPDIR = dir

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = previous
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
})
