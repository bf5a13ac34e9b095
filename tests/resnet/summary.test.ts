/** `benchtop summary resnet`: the model a configuration would train, without training it. */
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/main/cli/args'
import { summary } from '../../src/main/cli/commands/summary'
import type { CliContext } from '../../src/main/cli/context'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { ConfigError } from '../../src/main/experiments/config'
import { tempHome } from '../helpers/cli'

const home = tempHome()

function capture(): { ctx: CliContext; out: () => string } {
  let out = ''
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true) }) as unknown as NodeJS.WriteStream
  return { ctx: { core: new BenchtopCore({ home }), stdout: stream((s) => (out += s)), stderr: stream(() => undefined) }, out: () => out }
}

interface SummaryJson {
  params: number
  trainableParams: number
  outputShape: number[]
  model: string
  layers: Array<{ name: string; kind: string; outputShape: number[]; params: number; trainableParams: number; shortcut: boolean; projection: boolean }>
}

async function summaryJson(argv: string[]): Promise<SummaryJson> {
  const c = capture()
  expect(await summary(c.ctx, [...argv, '--json'])).toBe(0)
  return JSON.parse(c.out()) as SummaryJson
}

// Independent arithmetic (see model.test.ts): ResNet-50, 224 px, 2 classes.
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout
function resnet50Params(shortcut: boolean, flatten: number, units: number): [number, number] {
  let all = conv(7, 3, 64)
  let bnStats = 0
  let cin = 64
  for (const [f1, f2, n] of [[64, 256, 3], [128, 512, 4], [256, 1024, 6], [512, 2048, 3]]) {
    for (let b = 0; b < n; b++) {
      all += conv(1, cin, f1) + conv(3, f1, f1) + conv(1, f1, f2) + 4 * (f1 + f1 + f2)
      bnStats += 2 * (f1 + f1 + f2)
      if (shortcut && b === 0) {
        all += conv(1, cin, f2) + 4 * f2
        bnStats += 2 * f2
      }
      cin = f2
    }
  }
  all += flatten * units + units
  return [all, all - bnStats]
}

describe('summary resnet --json', () => {
  it('the seed preset with ResNet-50: counts, output shape and the block list', async () => {
    const s = await summaryJson(['resnet', '--preset', 'seed', '--set', 'model=ResNet50'])
    const [all, trainable] = resnet50Params(true, 2 * 2 * 2048, 1)
    expect(s.params).toBe(all)
    expect(s.trainableParams).toBe(trainable)
    expect(s.outputShape).toEqual([1])
    expect(s.model).toBe('resnet50')
    expect(s.layers.map((l) => l.name)).toEqual([
      'stem_conv', 'stem_pool',
      'g1b1', 'g1b2', 'g1b3', 'g2b1', 'g2b2', 'g2b3', 'g2b4',
      'g3b1', 'g3b2', 'g3b3', 'g3b4', 'g3b5', 'g3b6', 'g4b1', 'g4b2', 'g4b3',
      'head_pool', 'head_flatten', 'head_dense',
    ])
    expect(s.layers.filter((l) => l.kind === 'block' && l.projection).map((l) => l.name)).toEqual(['g1b1', 'g2b1', 'g3b1', 'g4b1'])
    expect(['stem_conv', 'stem_pool', 'g1b3', 'g2b4', 'g3b6', 'g4b3'].map((n) => s.layers.find((l) => l.name === n)!.outputShape[0])).toEqual([112, 55, 28, 14, 7, 4])
    expect(s.layers.reduce((sum, l) => sum + l.params, 0)).toBe(s.params)
  }, 120_000)

  it('without shortcuts, 10 classes, 128 px', async () => {
    const s = await summaryJson(['resnet', '--set', 'model=ResNet50', '--set', 'shortcut=false', '--set', 'size=128', '--set', 'classes=10'])
    // 128 -> 64 -> 31 -> 16 -> 8 -> 4 -> 2, pooled to 1
    const [all, trainable] = resnet50Params(false, 1 * 1 * 2048, 10)
    expect(s.params).toBe(all)
    expect(s.trainableParams).toBe(trainable)
    expect(s.outputShape).toEqual([10])
    expect(s.layers.some((l) => l.shortcut || l.projection)).toBe(false)
  }, 120_000)

  it('the readable table', async () => {
    const c = capture()
    expect(await summary(c.ctx, ['resnet', '--set', 'model=ResNet18', '--set', 'size=64'])).toBe(0)
    expect(c.out()).toMatch(/g2b1 +8x8x128 .* projection/)
    expect(c.out()).toMatch(/parameters: [\d,]+ \(trainable [\d,]+, BatchNorm moving statistics [\d,]+\)/)
  })

  it('refuses sizes below the minimum and bad arguments', async () => {
    await expect(summary(capture().ctx, ['resnet', '--set', 'model=ResNet50', '--set', 'size=64'])).rejects.toThrow('ResNet50 needs an input of at least 69 px')
    await expect(summary(capture().ctx, ['resnet', '--set', 'model=ResNet18', '--set', 'size=36'])).rejects.toThrow('at least 37 px')
    await expect(summary(capture().ctx, [])).rejects.toThrow(UsageError)
    await expect(summary(capture().ctx, ['shapes-cnn'])).rejects.toThrow(UsageError)
    await expect(summary(capture().ctx, ['resnet', '--set', 'depth=3'])).rejects.toThrow(ConfigError)
    await expect(summary(capture().ctx, ['resnet', '--preset', 'nope'])).rejects.toThrow(ConfigError)
  })
})
