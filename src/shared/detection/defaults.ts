/** The detector's defaults, in a file of their own so the command line can read them without loading TensorFlow. */
export const DEFAULT_SCORE = 0.3
export const DEFAULT_IOU = 0.45
export const DEFAULT_MAX = 100
/** Candidates kept before NMS (the graph's own decoding keeps 100). */
export const CANDIDATE_TOP_K = 300
/** Candidates scoring below this are not worth a slider's reach. */
export const CANDIDATE_MIN_SCORE = 0.01
