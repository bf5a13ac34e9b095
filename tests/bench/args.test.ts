import { describe, expect, it } from 'vitest'
import { arg, intArg, listArg } from '../../src/main/bench/args'

const argv = ['node', 'bench.ts', '--reps', '7', '--only', ' conv, resnet ,,', '--steps', '0', '--size', 'big']

describe('bench script options', () => {
  it('reads the value after --name, else the fallback', () => {
    expect(arg('reps', argv)).toBe('7')
    expect(arg('backend', argv)).toBeUndefined()
    expect(intArg('reps', 5, argv)).toBe(7)
    expect(intArg('warmup', 5, argv)).toBe(5)
    expect(listArg('only', 'conv,resnet,memory', argv)).toEqual(['conv', 'resnet'])
    expect(listArg('models', 'a,b', argv)).toEqual(['a', 'b'])
  })

  it('names the option whose number is bad', () => {
    expect(() => intArg('steps', 3, argv)).toThrow("--steps must be a whole number of at least 1, got '0'")
    expect(() => intArg('size', 3, argv)).toThrow("--size must be a whole number of at least 1, got 'big'")
  })
})
