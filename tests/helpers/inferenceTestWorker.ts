/**
 * An inference process for tests: the real handlers, plus a few that misbehave on purpose, and a
 * `classify` that blocks this process (as a large model's synchronous forward pass does) until
 * the file `<home>/release` exists.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { InferenceHandler } from '../../src/main/inference/contract'
import { loadHandler } from '../../src/main/inference/handlers'
import { openInferencePort } from '../../src/main/inference/port'
import { serveInference } from '../../src/main/inference/server'

const nap = new Int32Array(new SharedArrayBuffer(4))
/** Blocks the event loop (no message is read meanwhile) until `file` exists. */
function blockUntil(file: string): void {
  while (!existsSync(file)) Atomics.wait(nap, 0, 0, 20)
}

const TEST_HANDLERS: Record<string, InferenceHandler> = {
  'test/echo': async (input) => ({ echoed: input, pid: process.pid }),
  'test/crash': async () => process.exit(7),
  'test/throw-string': async () => {
    throw 'not an Error object'
  },
  'test/function-result': async () => () => 1,
  /** Waits until cancelled, then stops at its next check. */
  'test/wait-for-cancel': async (_input, ctx) => {
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 10))
    ctx.checkCancelled()
  },
  /** Ignores cancels: blocks until the file exists. */
  'test/stuck': async (input: { file: string }) => {
    blockUntil(input.file)
    return 'unstuck'
  },
  classify: async (input: { home: string; runDir: string }) => {
    blockUntil(path.join(input.home, 'release'))
    return { runId: path.basename(input.runDir), predictions: [], blockedPid: process.pid }
  },
}

serveInference(openInferencePort(), (name) => (Object.hasOwn(TEST_HANDLERS, name) ? Promise.resolve(TEST_HANDLERS[name]) : loadHandler(name)))
