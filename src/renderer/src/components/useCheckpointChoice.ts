import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import type { CheckpointInfo } from '../../../shared/api'

export interface CheckpointChoice {
  /** The run's latest checkpoint: the one its meta names, else the last listed ('' before the first). */
  latest: ComputedRef<string>
  /** The checkpoint chosen in the panel's select; the latest until one is picked, or once the first is saved. */
  checkpoint: Ref<string>
}

/** The checkpoint a run's "Try the model" panel uses. */
export function useCheckpointChoice(props: { checkpoints: CheckpointInfo[]; lastCheckpoint: string | null }): CheckpointChoice {
  const latest = computed(() => props.lastCheckpoint?.split('/').pop() ?? props.checkpoints.at(-1)?.name ?? '')
  const checkpoint = ref(latest.value)
  watch(latest, (name) => {
    if (!checkpoint.value) checkpoint.value = name
  })
  return { latest, checkpoint }
}
