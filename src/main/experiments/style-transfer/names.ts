/**
 * The experiment's names and limits that its declaration (index.ts, fields.ts) needs: kept apart
 * from the training code so that listing experiments never loads TensorFlow.js or sharp.
 */

/** Image series written through the run's images output. */
export const IMAGE_SERIES = { content: 'content', style: 'style', result: 'result' } as const

/** Metrics: the losses once per step; the final total loss once, at the end (the run's one "epoch"). */
export const METRICS = { total: 'loss', content: 'content_loss', style: 'style_loss', tv: 'tv_loss', final: 'final_loss' } as const

/**
 * Smallest image side: conv_5 is at stride 16, so 32 px leaves it 2 x 2, the least that still
 * has a spatial Gram matrix worth the name. Any model's chosen layers are checked again on the
 * real image (checkActivationSizes in setup.ts).
 */
export const MIN_SIDE = 32
