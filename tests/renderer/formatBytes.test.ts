import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../src/shared/formatBytes'

describe('formatBytes', () => {
  it('reads as file managers show sizes (powers of 1000, three digits)', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1000)).toBe('1 KB')
    expect(formatBytes(123_456)).toBe('123 KB')
    expect(formatBytes(1_502_000)).toBe('1.5 MB')
    expect(formatBytes(45_670_000)).toBe('45.7 MB')
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB')
    expect(formatBytes(5e15)).toBe('5000 TB')
  })
})
