/**
 * The model view's rows from a model's layer list. Pure: no TensorFlow.js, no files.
 *
 * A ResNet (src/main/experiments/resnet/model.ts) names every layer from its place in the block
 * plan: `stem_conv`, `stem_pool`, `g{stage}b{block}_conv1` ... `_bn2`, `_proj_conv`, `_proj_bn`,
 * `_add`, `_out`, then `head_pool`, `head_flatten`, `head_dense`. Those names alone say which
 * layers form a block and what its shortcut is: an `_add` layer means a shortcut, a `_proj_conv`
 * beside it a 1x1 projection, neither the plain network. Any other model gets one row per layer.
 */
import type { ModelBlock, ShortcutKind } from '../../shared/prediction'

/** One layer of a built model (see layerRows.ts). */
export interface LayerRow {
  name: string
  /** tfjs-layers class name: Conv2D, BatchNormalization, Add, ... */
  type: string
  /** Without the batch dimension. */
  outputShape: number[]
  params: number
  trainableParams: number
}

const BLOCK = /^g(\d+)b(\d+)_/
const STEM_OR_HEAD = /^(stem|head)_/

/** Whether the layers follow the ResNet naming (a stem and at least one `g{n}b{m}_` block). */
export function isResNetLayout(rows: readonly LayerRow[]): boolean {
  return rows.some((r) => r.name.startsWith('stem_')) && rows.some((r) => BLOCK.test(r.name))
}

function groupKey(name: string): string | null {
  const block = BLOCK.exec(name)
  if (block) return `g${block[1]}b${block[2]}`
  const part = STEM_OR_HEAD.exec(name)
  return part ? part[1] : null
}

function shortcutOf(key: string, names: Set<string>): ShortcutKind {
  if (!names.has(`${key}_add`)) return 'none'
  return names.has(`${key}_proj_conv`) ? 'projection' : 'identity'
}

function row(name: string, kind: ModelBlock['kind'], members: LayerRow[], shortcut: ShortcutKind): ModelBlock {
  const stage = kind === 'block' ? Number(BLOCK.exec(members[0].name)![1]) : null
  return {
    name,
    kind,
    stage,
    layers: members.map((m) => ({ name: m.name, type: m.type })),
    outputShape: [...members[members.length - 1].outputShape],
    params: members.reduce((sum, m) => sum + m.params, 0),
    trainableParams: members.reduce((sum, m) => sum + m.trainableParams, 0),
    shortcut,
  }
}

/**
 * ResNet layers become `stem`, one row per residual block (`g1b1`, ...) and `head`; any other
 * model (or a layer outside the naming) one row per layer. Input layers are left out. Every
 * layer's parameters land in exactly one row, so the rows sum to the model's total.
 */
export function groupBlocks(rows: readonly LayerRow[]): ModelBlock[] {
  const layers = rows.filter((r) => r.type !== 'InputLayer')
  if (!isResNetLayout(layers)) return layers.map((l) => row(l.name, 'layer', [l], null))
  const names = new Set(layers.map((l) => l.name))
  const blocks: ModelBlock[] = []
  let members: LayerRow[] = []
  let key: string | null = null
  const flush = () => {
    if (members.length === 0) return
    if (key === null) blocks.push(row(members[0].name, 'layer', members, null))
    else if (key === 'stem' || key === 'head') blocks.push(row(key, key, members, null))
    else blocks.push(row(key, 'block', members, shortcutOf(key, names)))
    members = []
  }
  for (const layer of layers) {
    const k = groupKey(layer.name)
    // A layer outside the naming stands alone; consecutive layers of one group share a row.
    if (k === null || k !== key) {
      flush()
      key = k
    }
    members.push(layer)
    if (k === null) flush()
  }
  flush()
  return blocks
}
