/**
 * The suite's setup, bundled with tfjs-core's op test files by run.mjs (after jasmine-globals.mjs,
 * before the test files, so the test env and filters exist when their describe blocks load).
 *
 * Two copies of tfjs-core meet here: the package's Node build (`@tensorflow/tfjs-core`, left
 * external, which the native backend and tfjs-backend-cpu register with, as in the app) and the
 * ES module build under dist/ that the test files import. tfjs-core keeps its engine, kernel and
 * gradient registries and Tensor class on a global, so both copies share them; checkSharedCore()
 * proves it before any spec runs.
 */
import * as backendCore from '@tensorflow/tfjs-core'
import * as testCore from '@tensorflow/tfjs-core/dist/index'
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util'
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops'
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import { NATIVE_KERNELS, nativeBackendError, nativeVersion, registerNativeBackend } from '../../src/main/engine/native/index.ts'
import { EXCLUSIONS, TEST_ENV, classifySpec, describePrefix, selectDescribes } from './kernel-tests.mjs'
import { executeSpecs } from './reporter.mjs'

const registered = registerNativeBackend()
const kernelNames = NATIVE_KERNELS.map((k) => k.kernelName)
const { describes, unmapped } = selectDescribes(kernelNames)

setTestEnvs([TEST_ENV])
setupTestFilters(
  describes.map((d) => ({
    startsWith: describePrefix(d),
    excludes: EXCLUSIONS.filter((e) => e.describe === d).map((e) => describePrefix(d) + e.spec),
  })),
  () => false,
)

/** Throws unless the test files' tfjs-core sees the engine and the native kernels the backend registered. */
function checkSharedCore() {
  if (testCore.engine() !== backendCore.engine()) throw new Error('the two tfjs-core copies have different engines')
  for (const config of NATIVE_KERNELS) {
    const seen = testCore.getKernel(config.kernelName, TEST_ENV.backendName)
    if (seen?.kernelFunc !== config.kernelFunc) throw new Error(`the test files' tfjs-core does not see native ${config.kernelName}`)
  }
  const t = backendCore.tensor([1])
  const ok = t instanceof testCore.Tensor
  t.dispose()
  if (!ok) throw new Error("a tensor of the backend's tfjs-core is not a Tensor to the test files' copy")
}

/**
 * Runs the selected specs; prints each failure as it happens.
 * @param {{ grep?: string, log?: (line: string) => void }} options grep: run only selected specs whose name contains it.
 * @returns {Promise<{ passed: number, failed: number, excluded: number, pending: number }>}
 */
export async function runSuite({ grep, log = console.log } = {}) {
  const counts = { passed: 0, failed: 0, excluded: 0, pending: 0 }
  if (!registered) {
    log(`op-suite: the native backend did not register: ${nativeBackendError()}`)
    return { ...counts, failed: 1 }
  }
  checkSharedCore()
  log(`op-suite: native ${nativeVersion()}; kernels ${kernelNames.join(', ')}`)
  log(`op-suite: describe blocks ${describes.join(', ')}`)
  if (unmapped.length) {
    counts.failed += 1
    log(`FAIL native kernels with no tfjs-core tests mapped: ${unmapped.join(', ')} (add them to KERNEL_TESTS, or to KERNELS_WITHOUT_TESTS with a reason, in scripts/op-suite/kernel-tests.mjs)`)
  }

  return executeSpecs({
    describes,
    classify: (fullName) => classifySpec(fullName, describes),
    counts,
    grep,
    log,
    checkMissing: !grep,
    missingHint: 'fix their rows in scripts/op-suite/kernel-tests.mjs',
  })
}
