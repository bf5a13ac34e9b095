/**
 * What some suites need from the machine, and the reason each gives when it is missing (see
 * skip.ts: skipped with this reason outside CI, a failure under CI=true). .ci/run installs them.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { FASHION_MNIST_DIR } from '../../src/main/datasets'
import { skipUnless } from './skip'

const ROOT = path.resolve(__dirname, '..', '..')

/** Debian's Chromium, which the browser tests drive (playwright-core). */
export const CHROMIUM = '/usr/bin/chromium'

/** True when the browser tests must be skipped: Debian's Chromium is not installed. */
export function skipWithoutChromium(): boolean {
  return skipUnless(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`)
}

/** True when the real-data tests must be skipped: Debian's Fashion-MNIST is not installed. */
export function skipWithoutFashionMnist(): boolean {
  return skipUnless(existsSync(FASHION_MNIST_DIR), `Fashion-MNIST is not installed at ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`)
}

/** True when the tests of `benchtop serve` must be skipped: the renderer has not been built. */
export function skipWithoutBuiltRenderer(): boolean {
  const index = path.join(ROOT, 'out', 'renderer', 'index.html')
  return skipUnless(existsSync(index), `the renderer is not built (${index} is missing; run npx electron-vite build, as npm test does first)`)
}
