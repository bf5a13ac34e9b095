/** A model's output row as named class probabilities, most likely first. Pure. */
import type { ClassProbability } from '../../shared/prediction'

/**
 * `row`: the softmax over `classes` ([classes.length] values), or for a binary model its one
 * sigmoid output p, the probability of classes[1] (the label 1 of training), so classes[0] gets 1 - p.
 */
export function rankClasses(row: ArrayLike<number>, classes: readonly string[], binary: boolean): ClassProbability[] {
  const expected = binary ? 1 : classes.length
  if (row.length !== expected) throw new Error(`the model gave ${row.length} outputs for ${classes.length} classes (expected ${expected})`)
  const ranked = binary
    ? [{ class: classes[1], p: row[0] }, { class: classes[0], p: 1 - row[0] }]
    : classes.map((name, i) => ({ class: name, p: row[i] }))
  // Stable: equal probabilities keep the class order.
  return ranked.sort((a, b) => b.p - a.p)
}
