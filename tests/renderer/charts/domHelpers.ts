import { afterAll, beforeAll } from 'vitest'

/** happy-dom does no layout: give elements the size a browser would, so ECharts lays out charts. */
export function useFakeLayout(width = 800, height = 300): void {
  const sizes: Record<string, number> = { clientWidth: width, clientHeight: height }
  const saved = new Map<string, PropertyDescriptor | undefined>()
  beforeAll(() => {
    for (const [name, value] of Object.entries(sizes)) {
      saved.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name))
      Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value })
    }
  })
  afterAll(() => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor)
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name]
    }
  })
}

/** Polls until `check` returns true (or fails after `ms`). */
export async function until(check: () => boolean, ms = 60_000, what = 'condition'): Promise<void> {
  const t0 = Date.now()
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
