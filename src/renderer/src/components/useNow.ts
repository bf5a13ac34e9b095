import { onScopeDispose, ref, type Ref } from 'vue'

/** A clock that ticks every `intervalMs` while the component using it is alive (for "time left"). */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
