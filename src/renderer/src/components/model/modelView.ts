/** Text for the model view, pure. */
import type { ModelBlock } from '../../../../shared/prediction'

/** `[28, 28, 64]` -> `28×28×64`. */
export function formatShape(shape: readonly number[]): string {
  return shape.map((d) => (d < 0 ? '?' : String(d))).join('×')
}

/** 11689512 -> `11,689,512`. */
export function formatParams(n: number): string {
  return n.toLocaleString('en-US')
}

/** What the shortcut column says. */
export function shortcutLabel(block: ModelBlock): string {
  switch (block.shortcut) {
    case 'identity':
      return 'identity'
    case 'projection':
      return '1×1 projection'
    case 'none':
      return 'no shortcut'
    default:
      return ''
  }
}

/** `Conv2D · BatchNormalization · Activation …`: the layer types of a row, repeated ones kept (they are the layout). */
export function layerTypes(block: ModelBlock): string {
  return block.layers.map((l) => l.type).join(' · ')
}
