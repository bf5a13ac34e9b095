/**
 * Every command answers --help, -h and `benchtop help COMMAND` with its usage and examples (exit
 * 0, nothing loaded but the usage declarations); the parser's messages stay as they were; the
 * examples in the help pass the command's own parser.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../src/main/cli/args'
import { callMain } from './callMain'
import { RUNS_USAGE } from '../../src/main/cli/commands/runs.usage'
import { LM_USAGE } from '../../src/main/cli/commands/lm.usage'
import { runCli, tempHome } from '../helpers/cli'

/** The commands as the README lists them, with their subcommands: written out, not read from the code. */
const COMMANDS: Record<string, string[]> = {
  doctor: [],
  datasets: ['list', 'import'],
  run: [],
  study: ['list', 'show', 'cancel'],
  runs: [],
  show: [],
  summary: [],
  bench: ['step'],
  compare: [],
  detect: [],
  faces: [],
  lm: ['score', 'sample'],
  predict: [],
  resume: [],
  cancel: [],
  delete: [],
  restore: [],
  serve: [],
  worker: [],
  help: [],
  completion: [],
}

process.env.BENCHTOP_HOME = mkdtempSync(path.join(os.tmpdir(), 'benchtop-help-'))

describe('help for every command', () => {
  for (const [command, subs] of Object.entries(COMMANDS)) {
    it(`${command} --help, -h and help ${command}`, async () => {
      const long = await callMain([command, '--help'])
      expect(long.stderr).toBe('')
      expect(long.code).toBe(0)
      expect(long.stdout).toMatch(new RegExp(`^benchtop ${command}: `))
      expect(long.stdout).toContain(`Usage:\n  benchtop ${command}`)
      expect(long.stdout).toContain('Examples:\n  ')
      expect(long.stdout).toContain('-h, --help')
      expect(await callMain([command, '-h'])).toEqual(long)
      expect(await callMain(['help', command])).toEqual(long)
      for (const sub of subs) {
        const own = await callMain([command, sub, '--help'])
        expect(own.code).toBe(0)
        expect(own.stdout).toMatch(new RegExp(`^benchtop ${command} ${sub}: `))
        expect(own.stdout).toContain(`Usage:\n  benchtop ${command} ${sub}`)
        expect(await callMain(['help', command, sub])).toEqual(own)
      }
    })
  }

  it('lists every command in the overview, and refuses an unknown one', async () => {
    const overview = await callMain(['--help'])
    expect(overview.code).toBe(0)
    for (const command of Object.keys(COMMANDS)) expect(overview.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'))
    const unknown = await callMain(['help', 'train'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("benchtop help: unknown command 'train'; commands: doctor, datasets, run")
  })

  it("the help's examples pass the command's own parser", async () => {
    // `benchtop lm sample ...` lines, split as a shell would (no quoting in these examples).
    const parsed: string[] = []
    for (const [command, subs] of Object.entries(COMMANDS)) {
      if (command === 'help' || command === 'completion') continue
      const { stdout } = await callMain([command, '--help'])
      const examples = stdout.split('Examples:\n')[1].split('\n').filter((l) => l.startsWith('  benchtop '))
      expect(examples.length).toBeGreaterThan(0)
      for (const line of examples) {
        const words = line.trim().split(/\s+/).slice(2)
        const sub = subs.includes(words[0]) && (command === 'lm' || command === 'bench') ? words.shift() : undefined
        const help = await callMain(sub ? [command, sub, '--help'] : [command, '--help'])
        const accepted = [...help.stdout.matchAll(/^ {2}(?:-\w, )?--?([\w-]+)(?: \S+)?  /gm)].map((m) => m[1]).filter((n) => n !== 'help')
        const spec = Object.fromEntries(accepted.map((n) => [n, { value: new RegExp(`--?${n} [^ ]`).test(help.stdout.split('Options:')[1].split('Examples:')[0]) }]))
        const argv = words.map((w) => (w === '-n' ? '--n' : w))
        expect(() => parseArgs(argv, spec), line).not.toThrow()
        parsed.push(line)
      }
    }
    expect(parsed.length).toBeGreaterThan(20)
  })
})

describe('messages of the parser stay as they were', () => {
  it('an unknown option names the valid ones, and the usage follows', async () => {
    const r = await callMain(['runs', '--colour'])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toBe('benchtop runs: unknown option --colour; valid options: --json, --trash, --empty-trash, --yes')
    expect(r.stderr).toContain('usage: benchtop runs [--json] [--trash]')
    const lm = await callMain(['lm', 'score', '--words', 'x'])
    expect(lm.stderr.split('\n')[0]).toBe('benchtop lm: unknown option --words; valid options: --run, --checkpoint, --json')
    expect(lm.stderr).toContain('usage: benchtop lm score --run RUN WORD...')
    const value = await callMain(['run', 'shapes-cnn', '--seed'])
    expect(value.stderr.split('\n')[0]).toBe('benchtop run: --seed needs a value')
    expect(Object.keys(RUNS_USAGE.options)).toEqual(['json', 'trash', 'empty-trash', 'yes'])
    expect(Object.keys(LM_USAGE.subcommands![1].options)).toEqual(['run', 'checkpoint', 'n', 'temperature', 'top-k', 'seed', 'json'])
  })

  it('`benchtop run --help` through the installed command exits 0 (it answered "unknown option --help")', async () => {
    const r = await runCli(['run', '--help'], tempHome())
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--from RUN[:CHECKPOINT]')
    expect(r.stderr).toBe('')
  }, 60_000)
})
