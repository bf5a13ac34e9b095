/**
 * Fuses op patterns of a TensorFlow.js graph model into single kernels where the active backend has
 * one. Today: MobileNetV3's hard swish, which its converted graphs spell as four element-wise ops,
 *
 *   add = Add(x, c3); r = Relu6(add); m = Mul(x, c6); y = Mul(m, r)      (c3 = 3, c6 = 1/6)
 *
 * four passes over memory (CenterNet runs 20 of them per image, on activations of up to 4 MB).
 * `fuseHardSwish` rewrites such a group into one node `BenchtopHardSwish(x, c3, c6)` that keeps
 * y's name, where add, r and m feed nothing else; `withFusedOps` applies it to a model as it loads,
 * only when the active backend registers the kernel. The graph executor runs the node through the
 * custom op registered here: the kernel with the constants read from the graph (so the result is
 * bit for bit the four ops'), or the four ops themselves where a constant is not a scalar. For
 * inference: the fused op has no gradient (style transfer, which differentiates through
 * CenterNet's backbone, loads the graph as it is).
 */
import * as tf from '@tensorflow/tfjs-core'
import { registerOp } from '@tensorflow/tfjs'
import { HARD_SWISH } from './native/kernels/HardSwish'

/** The kernels fused graphs may run besides their own ops' (where the backend registers them). */
export const FUSED_KERNELS: readonly string[] = [HARD_SWISH]

/** One node of a GraphDef as a tfjs graph model's JSON holds it. */
export interface GraphNode {
  name: string
  op: string
  input?: string[]
  attr?: Record<string, unknown>
  device?: string
}

export interface GraphTopology {
  node?: GraphNode[]
}

/** The producing node's name of an input reference ("^name" control input, "name:1" output). */
function producer(input: string): string {
  return input.replace(/^\^/, '').replace(/:\d+$/, '')
}

/**
 * Rewrites each hard-swish group of `topology` into one BenchtopHardSwish node, in place; returns
 * how many. A group is left as it is where an intermediate (add, r, m) feeds another node or is
 * named in `keep` (the model's outputs), or where c3 or c6 is not a Const node.
 */
export function fuseHardSwish(topology: GraphTopology, keep: readonly string[] = []): number {
  const nodes = topology.node ?? []
  const byName = new Map(nodes.map((n) => [n.name, n]))
  const consumers = new Map<string, number>()
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(producer(i), (consumers.get(producer(i)) ?? 0) + 1)
  const kept = new Set(keep.map(producer))
  const internal = (n: GraphNode) => consumers.get(n.name) === 1 && !kept.has(n.name) && (n.input ?? []).every((i) => !i.startsWith('^'))
  const isConst = (name: string) => byName.get(producer(name))?.op === 'Const'
  const removed = new Set<string>()
  let fused = 0
  for (const y of nodes) {
    if (y.op !== 'Mul' || y.input?.length !== 2) continue
    const [a, b] = y.input.map((i) => byName.get(i))
    const r = [a, b].find((n) => n?.op === 'Relu6')
    const m = r === a ? b : a
    if (!r || !m || m.op !== 'Mul' || m.input?.length !== 2 || r.input?.length !== 1) continue
    const add = byName.get(r.input[0])
    if (!add || (add.op !== 'Add' && add.op !== 'AddV2') || add.input?.length !== 2) continue
    // add = x + c3 and m = x * c6, in either order, with the same x.
    const split = (inputs: string[]) => (isConst(inputs[1]) ? [inputs[0], inputs[1]] : isConst(inputs[0]) ? [inputs[1], inputs[0]] : null)
    const addParts = split(add.input)
    const mulParts = split(m.input)
    if (!addParts || !mulParts || addParts[0] !== mulParts[0] || isConst(addParts[0])) continue
    if (![add, r, m].every(internal) || [add, r, m].some((n) => removed.has(n.name))) continue
    for (const n of [add, r, m]) removed.add(n.name)
    y.op = HARD_SWISH
    y.input = [addParts[0], addParts[1], mulParts[1]]
    y.attr = { T: y.attr?.T ?? { type: 'DT_FLOAT' } }
    fused++
  }
  if (removed.size > 0) topology.node = nodes.filter((n) => !removed.has(n.name))
  return fused
}

let registered = false

/** Registers the graph executor's BenchtopHardSwish op (once). */
export function registerFusedOps(): void {
  if (registered) return
  registered = true
  registerOp(HARD_SWISH, (node) => {
    const [x, addend, scale] = node.inputs
    if (addend.size === 1 && scale.size === 1 && tf.getKernel(HARD_SWISH, tf.getBackend())) {
      return tf.engine().runKernel(HARD_SWISH, { x }, { addend: addend.dataSync()[0], scale: scale.dataSync()[0] }) as tf.Tensor
    }
    return tf.tidy(() => tf.mul(tf.mul(x, scale), tf.relu6(tf.add(x, addend))))
  })
}

/**
 * An IO handler that loads through `handler` and fuses the graph's hard-swish groups when the
 * active backend has the fused kernel (otherwise the graph is left as it is).
 */
export function withFusedOps(handler: tf.io.IOHandler): tf.io.IOHandler {
  return {
    load: async () => {
      const artifacts = await handler.load!()
      const topology = artifacts.modelTopology as GraphTopology | undefined
      if (topology && Array.isArray(topology.node) && tf.getKernel(HARD_SWISH, tf.getBackend())) {
        registerFusedOps()
        const outputs = Object.values((artifacts.signature as { outputs?: Record<string, { name?: string }> } | undefined)?.outputs ?? {})
        fuseHardSwish(topology, outputs.map((o) => o.name ?? '').filter(Boolean))
      }
      return artifacts
    },
  }
}
