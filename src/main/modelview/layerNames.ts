/**
 * Readable, stable layer names. TensorFlow.js names a layer built without a name from a counter
 * shared by the whole process (`conv2d_Conv2D5`: the fifth Conv2D built since the process started),
 * so the same model is called something else in every run and every cached rebuild. Such names are
 * replaced by the layer's kind and its place among the model's layers of that kind, as Keras
 * numbers them (`conv2d_1`, `conv2d_2`, `max_pooling2d_1`); names a model gave its layers
 * (a ResNet's `g1b1_conv1`) are kept. Pure.
 */

/** The name TensorFlow.js generates for a layer of class `type`: `<snake_case type>_<type><n>`. */
export function isGeneratedName(name: string, type: string): boolean {
  const escaped = type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^[a-z0-9_]+_${escaped}\\d+$`).test(name)
}

/** `conv2d_Conv2D5` (type Conv2D) -> `conv2d`. */
function kindOf(name: string, type: string): string {
  return name.slice(0, name.lastIndexOf(`_${type}`))
}

/** The names in layer order, generated ones replaced by `<kind>_<ordinal among that kind>`; never two alike. */
export function readableLayerNames(layers: ReadonlyArray<{ name: string; type: string }>): string[] {
  const taken = new Set(layers.filter((l) => !isGeneratedName(l.name, l.type)).map((l) => l.name))
  const ordinal = new Map<string, number>()
  return layers.map((l) => {
    if (!isGeneratedName(l.name, l.type)) return l.name
    const kind = kindOf(l.name, l.type)
    let n = ordinal.get(kind) ?? 0
    let candidate: string
    do candidate = `${kind}_${++n}`
    while (taken.has(candidate))
    ordinal.set(kind, n)
    taken.add(candidate)
    return candidate
  })
}
