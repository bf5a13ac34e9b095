/**
 * The op suite's tables (scripts/op-suite/kernel-tests.mjs) against tfjs-core itself: every row
 * names a real kernel and real describe blocks, every native kernel has a row, every exclusion a
 * reason. Runs without the addon; the suite itself is `npm run test:ops`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NATIVE_KERNELS } from '../../src/main/engine/native'

interface KernelTestsModule {
  KERNEL_TESTS: Readonly<Record<string, readonly string[]>>
  KERNELS_WITHOUT_TESTS: Readonly<Record<string, string>>
  EXCLUSIONS: ReadonlyArray<{ describe: string; spec: string; reason: string }>
  selectDescribes(kernelNames: string[]): { describes: string[]; unmapped: string[] }
  classifySpec(fullName: string, describes: string[]): { describe: string; excluded: boolean } | null
}

const root = path.resolve(import.meta.dirname, '..', '..')
const coreDist = path.join(root, 'node_modules', '@tensorflow', 'tfjs-core', 'dist')
// A computed specifier: the table is plain JavaScript run by Node, typed here by KernelTestsModule.
const tableFile = path.join(root, 'scripts', 'op-suite', 'kernel-tests.mjs')
const table = (await import(tableFile)) as KernelTestsModule

function opTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? opTestFiles(path.join(dir, e.name)) : e.name.endsWith('_test.js') ? [path.join(dir, e.name)] : [],
  )
}

const kernelNames = new Set([...readFileSync(path.join(coreDist, 'kernel_names.js'), 'utf8').matchAll(/export const \w+ = '([^']+)'/g)].map((m) => m[1]))
const describeNames = new Set(opTestFiles(path.join(coreDist, 'ops')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/describeWithFlags\('([^']+)'/g)].map((m) => m[1])))

describe('op suite tables', () => {
  it('name tfjs-core kernels and describe blocks that exist', () => {
    expect(kernelNames.size).toBeGreaterThan(100)
    // Benchtop's own kernels (named Benchtop*) are not tfjs-core's; each must be a native kernel.
    const own = Object.keys(table.KERNEL_TESTS).filter((k) => k.startsWith('Benchtop'))
    expect(own.filter((k) => !NATIVE_KERNELS.some((n) => n.kernelName === k))).toEqual([])
    expect(Object.keys(table.KERNEL_TESTS).filter((k) => !kernelNames.has(k) && !own.includes(k))).toEqual([])
    const ownUntested = Object.keys(table.KERNELS_WITHOUT_TESTS).filter((k) => k.startsWith('Benchtop'))
    expect(ownUntested.filter((k) => !NATIVE_KERNELS.some((n) => n.kernelName === k))).toEqual([])
    expect(Object.keys(table.KERNELS_WITHOUT_TESTS).filter((k) => !kernelNames.has(k) && !ownUntested.includes(k))).toEqual([])
    const listed = new Set(Object.values(table.KERNEL_TESTS).flat())
    expect([...listed].filter((d) => !describeNames.has(d))).toEqual([])
  })

  it('cover every kernel the native backend implements', () => {
    const { unmapped, describes } = table.selectDescribes(NATIVE_KERNELS.map((k) => k.kernelName))
    expect(unmapped).toEqual([])
    expect(describes).toContain('conv2d')
  })

  it('give every exclusion a reason and a selected block', () => {
    for (const e of table.EXCLUSIONS) {
      expect(e.reason.trim().length, e.spec).toBeGreaterThan(10)
      expect(Object.values(table.KERNEL_TESTS).flat(), e.describe).toContain(e.describe)
    }
  })

  it('select specs by their exact describe block', () => {
    expect(table.selectDescribes(['Conv2D', 'NoSuchKernel'])).toEqual({ describes: ['conv1d', 'conv2d', 'conv2dTranspose', 'separableConv2d'], unmapped: ['NoSuchKernel'] })
    expect(table.classifySpec('conv2d test-native {} x=[1,4,4,1] f=[2,2,1,1]', ['conv2d'])).toEqual({ describe: 'conv2d', excluded: false })
    expect(table.classifySpec('conv2dTranspose test-native {} input=3x3x1', ['conv2d'])).toBeNull()
    expect(table.classifySpec('fused conv2d test-native {} basic', ['conv2d'])).toBeNull()
    expect(table.classifySpec('conv2d test-wasm {} x=[1,4,4,1]', ['conv2d'])).toBeNull()
  })
})
