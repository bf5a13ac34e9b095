/** The run store: run folders on disk, shared by the app and the command line. See README.md. */
export { RunStore, type ProblemListener, type RunStoreOptions } from './runStore'
export type { NewRunInit } from './runMeta'
export { RunNotFoundError, RunStoreError, LockTimeoutError } from './errors'
export { writeFileAtomic } from './atomicFile'
export { withFileLock, type LockOptions } from './fileLock'
export { isProcessAlive } from './processAlive'
export { METRIC_NAME_PATTERN } from './metricFile'
export { CHECKPOINT_MARKER } from './runContents'
