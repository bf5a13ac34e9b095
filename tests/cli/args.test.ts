import { describe, expect, it } from 'vitest'
import { parseArgs, UsageError } from '../../src/main/cli/args'
import { differingConfig } from '../../src/main/cli/commands/compare'
import type { RunDetail } from '../../src/shared/api'

describe('argument parser', () => {
  const spec = { set: { value: true, repeat: true }, json: {}, seed: { value: true } }

  it('reads switches, values, repeats and = forms', () => {
    const args = parseArgs(['exp', '--set', 'a=1', '--set=b=2', '--json', '--seed', '4'], spec)
    expect(args.positional).toEqual(['exp'])
    expect(args.flags).toEqual({ set: ['a=1', 'b=2'], json: true, seed: '4' })
  })

  it('refuses unknown options and missing values', () => {
    expect(() => parseArgs(['--colour'], spec)).toThrow(UsageError)
    expect(() => parseArgs(['--colour'], spec)).toThrow(/valid options: --set, --json, --seed/)
    expect(() => parseArgs(['--seed'], spec)).toThrow(/needs a value/)
  })
})

describe('compare', () => {
  it('finds the config keys that differ between runs', () => {
    const run = (config: Record<string, unknown>, seed: number) => ({ params: { config }, seed }) as unknown as RunDetail
    expect(differingConfig([run({ a: 1, b: 2 }, 1), run({ a: 1, b: 3 }, 1)])).toEqual(['b'])
    expect(differingConfig([run({ a: 1 }, 1), run({ a: 1 }, 2)])).toEqual(['seed'])
  })
})
