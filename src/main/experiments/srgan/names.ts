/**
 * The experiment's names and limits that its declaration (index.ts, fields.ts) needs: kept apart
 * from the training code, so listing experiments never loads TensorFlow.js or sharp.
 */

/** Metric names: per step (losses, the discriminator's view) and per epoch (held-out quality). */
export const METRICS = {
  generator: 'loss_g',
  pixel: 'loss_pixel',
  perceptual: 'loss_perceptual',
  adversarial: 'loss_adversarial',
  discriminator: 'loss_d',
  dReal: 'd_real',
  dFake: 'd_fake',
  psnr: 'val_psnr',
  ssim: 'val_ssim',
  psnrBicubic: 'val_psnr_bicubic',
  ssimBicubic: 'val_ssim_bicubic',
  gain: 'val_psnr_gain',
} as const

/** Image series: the fixed validation crops side by side, each as LR (pixel-repeated to HR size), bicubic, SR and HR. */
export const IMAGE_SERIES = { lr: 'lr', bicubic: 'bicubic', sr: 'sr', hr: 'hr' } as const

/** Debian's python3-skimage ships these sample images (scikit-image's `skimage.data`). */
export const SKIMAGE_DATA_DIR = '/usr/lib/python3/dist-packages/skimage/data'

/**
 * The built-in photo set: scikit-image's photographs and natural textures (not its synthetic test
 * patterns). Validation images are kept out of training.
 */
export const BUILTIN_PHOTOS = {
  train: [
    'astronaut.png', 'camera.png', 'coins.png', 'hubble_deep_field.jpg', 'ihc.png', 'moon.png',
    'motorcycle_left.png', 'retina.jpg', 'rocket.jpg', 'brick.png', 'grass.png', 'gravel.png', 'cell.png',
  ],
  validation: ['chelsea.png', 'coffee.png'],
} as const

/** The one data id a run without --data records. */
export const BUILTIN_DATA_ID = 'skimage-photos'
