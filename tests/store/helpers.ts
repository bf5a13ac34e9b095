import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterEach } from 'vitest'
import { RunStore, type NewRunInit } from '../../src/main/store'

const homes: string[] = []

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true })
})

/** A fresh store home in the temp folder, removed after the test. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'benchtop-store-'))
  homes.push(home)
  return home
}

export function tempStore(): { home: string; store: RunStore } {
  const home = tempHome()
  return { home, store: new RunStore(home) }
}

export function runInit(overrides: Partial<NewRunInit> = {}): NewRunInit {
  return { experiment: 'shapes-cnn', preset: 'quick', seed: 7, params: { lr: 0.01, epochs: 3 }, ...overrides }
}

/** The pid of a process that has certainly ended. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', () => resolve())
  })
  if (child.pid === undefined) throw new Error('could not spawn node')
  return child.pid
}

/** Run a TypeScript worker in its own node process (through tsx); resolves with its stdout. */
export function runWorker(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`))))
  })
}
