import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiscriminator, buildGenerator, trainableCount } from '../../src/main/experiments/srgan/model'
import { PEERS, pythonMissing, runPython } from './python'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('the SRGAN pair', () => {
  it('upscales x4 and scores a batch with one logit per image', () => {
    const g = buildGenerator({ blocks: 2, channels: 8, seed: 1 })
    const d = buildDiscriminator({ hr: 32, seed: 1 })
    const sr = g.predict(tf.zeros([2, 8, 8, 3])) as tf.Tensor
    expect(sr.shape).toEqual([2, 32, 32, 3])
    // Fully convolutional: any LR size.
    expect((g.predict(tf.zeros([1, 5, 7, 3])) as tf.Tensor).shape).toEqual([1, 20, 28, 3])
    expect((d.predict(sr) as tf.Tensor).shape).toEqual([2, 1])
  })

  it('refuses an HR side the discriminator cannot halve four times', () => {
    expect(() => buildDiscriminator({ hr: 40, seed: 1 })).toThrow(/multiple of 16/)
  })

  const missing = pythonMissing(['torch'])
  it.skipIf(missing)('has as many trainable parameters as the PyTorch twin (srgan_torch.py), for two sizes', () => {
    for (const [blocks, channels, hr] of [[2, 8, 32], [4, 16, 48]]) {
      const peer = runPython<{ g_params: number; d_params: number }>(
        `
import json, subprocess, sys
a = json.load(sys.stdin)
out = subprocess.run([sys.executable, a['peer'], '--hr', str(a['hr']), '--batch', '2', '--blocks', str(a['blocks']),
                      '--channels', str(a['channels']), '--features', 'none', '--steps', '1', '--threads', '1'],
                     capture_output=True, text=True, check=True).stdout
print(out.strip().splitlines()[-1])`,
        { peer: path.join(PEERS, 'srgan_torch.py'), blocks, channels, hr },
      )
      expect(trainableCount(buildGenerator({ blocks, channels, seed: 0 }))).toBe(peer.g_params)
      expect(trainableCount(buildDiscriminator({ hr, seed: 0 }))).toBe(peer.d_params)
    }
  }, 120_000)
})
