/**
 * `benchtop completion bash|zsh`: the script parses (bash -n) and, driven as bash drives it
 * (COMP_WORDS, COMP_CWORD, then the function), completes commands, subcommands, options, option
 * values and run ids (through the hidden `benchtop __complete runs`).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { callMain } from './callMain'
import { RunStore } from '../../src/main/store'
import { ROOT, tempHome } from '../helpers/cli'

const home = tempHome()
let runId = ''
let script = ''

/** What bash would offer for the words typed so far (the last one is being completed). */
function complete(...words: string[]): string[] {
  const bin = path.join(ROOT, 'bin', 'benchtop.mjs')
  const program = [
    `source ${JSON.stringify(script)}`,
    `benchtop() { ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"; }`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_benchtop',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n')
  const out = execFileSync('bash', ['-c', program], { env: { ...process.env, BENCHTOP_HOME: home }, encoding: 'utf8', cwd: home })
  return out.split('\n').filter((l) => l.length > 0)
}

beforeAll(async () => {
  runId = new RunStore(home).createRun({ experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: { config: {} } }).id
  const bash = await callMain(['completion', 'bash'])
  expect(bash.code).toBe(0)
  script = path.join(home, 'benchtop.bash')
  writeFileSync(script, bash.stdout)
})

describe('shell completion', () => {
  it('the bash script parses', () => {
    const check = spawnSync('bash', ['-n', script], { encoding: 'utf8' })
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })

  it('the zsh script parses where zsh is installed, and loads bash completion through bashcompinit', async () => {
    const zsh = await callMain(['completion', 'zsh'])
    expect(zsh.stdout.split('\n')[0]).toBe('#compdef benchtop')
    expect(zsh.stdout).toContain('bashcompinit')
    const file = path.join(home, '_benchtop')
    writeFileSync(file, zsh.stdout)
    const check = spawnSync('zsh', ['-n', file], { encoding: 'utf8' })
    if (check.error) return // no zsh here: bash -n above checked the same function
    expect(check.status).toBe(0)
  })

  it('completes commands, subcommands and options', () => {
    expect(complete('benchtop', 'ru')).toEqual(['run', 'runs'])
    expect(complete('benchtop', 're')).toEqual(['resume', 'restore'])
    expect(complete('benchtop', 'lm', '')).toEqual(['score', 'sample'])
    expect(complete('benchtop', 'lm', 'sample', '--t')).toEqual(['--temperature', '--top-k'])
    expect(complete('benchtop', 'run', 'shapes-cnn', '--fr')).toEqual(['--from'])
    expect(complete('benchtop', 'help', 'da')).toEqual(['datasets'])
    expect(complete('benchtop', 'completion', '')).toEqual(['bash', 'zsh'])
  })

  it('completes experiment ids, presets, backends and run ids', () => {
    expect(complete('benchtop', 'run', 'shap')).toEqual(['shapes-cnn'])
    expect(complete('benchtop', 'run', 'shapes-cnn', '--preset', 'qu')).toEqual(['quick'])
    expect(complete('benchtop', 'resume', 'x', '--backend', 'w')).toEqual(['webgpu', 'wasm'])
    expect(complete('benchtop', 'show', '')).toEqual([runId])
    expect(complete('benchtop', 'run', 'shapes-cnn', '--from', runId.slice(0, 8))).toEqual([runId])
  }, 60_000)

  it('an unknown shell is a usage error', async () => {
    const r = await callMain(['completion', 'fish'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown shell 'fish'; shells: bash, zsh")
  })
})
