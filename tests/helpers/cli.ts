import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'

export const ROOT = path.resolve(__dirname, '..', '..')
const BIN = path.join(ROOT, 'bin', 'benchtop.mjs')

export function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'benchtop-home-'))
}

/** Settings that make shapes-cnn train in a few seconds: 8 px, 64 images, 2 filters. */
export const TINY = ['--set', 'size=8', '--set', 'trainCount=64', '--set', 'testCount=16', '--set', 'filters=2', '--set', 'batch=16']

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], home: string, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = startCli(args, home)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/**
 * Runs `benchtop <args>` (a `--json` command), expects it to exit 0 (its stderr as the failure
 * message) and, with quiet, to write nothing to stderr; returns its stdout parsed.
 */
export async function runCliJson<T>(args: string[], home: string, options: { timeoutMs?: number; quiet?: boolean } = {}): Promise<T> {
  const r = await runCli(args, home, options.timeoutMs)
  if (options.quiet) expect(r.stderr).toBe('')
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as T
}

/** Runs `benchtop run ... --json` as runCliJson does and returns the runId it printed. */
export async function runCliForRunId(args: string[], home: string, timeoutMs?: number): Promise<string> {
  return (await runCliJson<{ runId: string }>(args, home, { timeoutMs })).runId
}

export function runCliSync(args: string[], home: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BENCHTOP_HOME: home }, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

export function startCli(args: string[], home: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BENCHTOP_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
