/**
 * Splits a graph model's fused convolutions (`_FusedConv2D`, `FusedDepthwiseConv2dNative` with
 * BiasAdd and optionally Relu/Relu6) into plain Conv2D / DepthwiseConv2dNative, BiasAdd and the
 * activation, in the model.json topology before loading. Pure: edits the parsed JSON in place.
 *
 * Why: TF.js gives its fused ops one custom gradient that returns the input's, the filter's and
 * the bias's gradients together, so tf.grad with respect to the pixels alone still computes every
 * filter gradient (measured: DepthwiseConv2dNativeBackpropFilter alone was 46% of a style step's
 * kernel time). Plain ops have one gradient function per input, and the tape calls only those on
 * the path to the pixels. The forward values are the same ops in the same order.
 */

interface GraphNode {
  name: string
  op: string
  input?: string[]
  device?: string
  attr?: Record<string, { s?: string; list?: { s?: string[] }; i?: string } & Record<string, unknown>>
}

const CONVS: Record<string, string> = { _FusedConv2D: 'Conv2D', FusedDepthwiseConv2dNative: 'DepthwiseConv2dNative' }
const ACTIVATIONS = new Set(['Relu', 'Relu6'])
/** Attributes the plain convolutions read. */
const CONV_ATTRS = ['strides', 'padding', 'data_format', 'dilations', 'explicit_paddings', 'T']

function decode(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8')
}

/** Returns how many fused nodes were split. */
export function unfuseConvolutions(topology: unknown): number {
  const t = topology as { node?: GraphNode[] }
  if (!Array.isArray(t.node)) return 0
  const out: GraphNode[] = []
  let split = 0
  for (const node of t.node) {
    const plain = CONVS[node.op]
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map(decode)
    const inputs = node.input ?? []
    const supported =
      plain !== undefined && inputs.length === 3 && fused[0] === 'BiasAdd' && (fused.length === 1 || (fused.length === 2 && ACTIVATIONS.has(fused[1])))
    if (!supported) {
      out.push(node)
      continue
    }
    const attr = Object.fromEntries(CONV_ATTRS.filter((k) => node.attr?.[k] !== undefined).map((k) => [k, node.attr![k]]))
    const t32: NonNullable<GraphNode['attr']> = node.attr?.T ? { T: node.attr.T } : {}
    const convName = `${node.name}/unfused_conv`
    out.push({ name: convName, op: plain, input: [inputs[0], inputs[1]], attr })
    if (fused.length === 1) {
      out.push({ name: node.name, op: 'BiasAdd', input: [convName, inputs[2]], attr: { ...t32 } })
    } else {
      const biasName = `${node.name}/unfused_bias`
      out.push({ name: biasName, op: 'BiasAdd', input: [convName, inputs[2]], attr: { ...t32 } })
      out.push({ name: node.name, op: fused[1], input: [biasName], attr: { ...t32 } })
    }
    split++
  }
  t.node = out
  return split
}
