/**
 * The webgpu suite's setup, bundled with tfjs-core's op test files by run.mjs: registers
 * Benchtop's `webgpu` backend (Dawn through src/main/engine/webgpu), sets the test env and filters,
 * and reports like ../suite.mjs does for native.
 */
import * as backendCore from '@tensorflow/tfjs-core'
import * as testCore from '@tensorflow/tfjs-core/dist/index'
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util'
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops'
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import { adapterLine, openWebgpu, registerWebgpu, releaseWebgpu } from '../../../src/main/engine/webgpu/index.ts'
import { activeExclusions, TEST_ENV, classifySpec, describePrefix, selectDescribes } from './kernels.mjs'
import { executeSpecs } from '../reporter.mjs'

const { describes, unmapped } = selectDescribes()
/** Filled once the adapter is known (software adapters have a few more); jasmine reads it when the specs run. */
let exclusions = []
const filters = describes.map((d) => ({ startsWith: describePrefix(d), excludes: [] }))

setTestEnvs([TEST_ENV])
setupTestFilters(filters, () => false)

/**
 * Opens Dawn and checks the adapter: `hardware` demands a hardware one (the GPU check), otherwise
 * any adapter will do (SwiftShader here). Returns the adapter line, or throws with the reason.
 */
export async function openAdapter({ hardware }) {
  const adapter = await openWebgpu()
  if (hardware && adapter.software) throw new Error(`a hardware adapter was asked for, Dawn found ${adapterLine(adapter)} (${adapter.softwareReason})`)
  exclusions = activeExclusions(adapter.software)
  for (const filter of filters) {
    const d = describes.find((name) => filter.startsWith === describePrefix(name))
    filter.excludes = exclusions.filter((e) => e.describe === d).map((e) => describePrefix(d) + e.spec)
  }
  await registerWebgpu()
  if (!(await backendCore.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed')
  if (testCore.engine() !== backendCore.engine()) throw new Error('the two tfjs-core copies have different engines')
  return adapterLine(adapter)
}

export async function runSuite({ grep, log = console.log } = {}) {
  const counts = { passed: 0, failed: 0, excluded: 0, pending: 0 }
  log(`op-suite (webgpu): describe blocks ${describes.join(', ')}`)
  if (unmapped.length) {
    counts.failed += 1
    log(`FAIL experiment kernels with no describe block: ${unmapped.join(', ')} (scripts/op-suite/webgpu/kernels.mjs)`)
  }
  await executeSpecs({
    describes,
    classify: (fullName) => classifySpec(fullName, describes, exclusions),
    counts,
    grep,
    log,
    checkMissing: !grep,
    missingHint: 'fix scripts/op-suite/webgpu/kernels.mjs',
  })
  releaseWebgpu()
  return counts
}
