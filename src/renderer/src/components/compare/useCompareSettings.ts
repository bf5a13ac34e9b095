import { ref, watch } from 'vue'
import type { XAxisKind } from '../../charts/types'
import { X_AXIS_KINDS } from '../../charts/xAxis'

const STORE_X = 'benchtop.compare.xAxis'
const STORE_SMOOTHING = 'benchtop.compare.smoothing'
const STORE_SEEDS = 'benchtop.compare.includeSeeds'

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Private mode or no storage: the choice just is not remembered.
  }
}

/**
 * The Compare page's x axis, smoothing and whether seeds count as differing config, remembered
 * across visits (localStorage); step, 0.6 and no seeds at first.
 */
export function useCompareSettings() {
  const initialX = stored(STORE_X)
  const xAxis = ref<XAxisKind>(X_AXIS_KINDS.includes(initialX as XAxisKind) ? (initialX as XAxisKind) : 'step')
  const initialSmoothing = Number(stored(STORE_SMOOTHING))
  const smoothing = ref(initialSmoothing >= 0 && initialSmoothing <= 0.99 && stored(STORE_SMOOTHING) !== null ? initialSmoothing : 0.6)
  const includeSeeds = ref(stored(STORE_SEEDS) === 'true')
  watch(xAxis, (v) => store(STORE_X, v))
  watch(smoothing, (v) => store(STORE_SMOOTHING, String(v)))
  watch(includeSeeds, (v) => store(STORE_SEEDS, String(v)))
  return { xAxis, smoothing, includeSeeds }
}
