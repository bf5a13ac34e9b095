/**
 * The built-in feature network: the MobileNetV3 backbone of @vladmandic/human's COCO-trained
 * CenterNet (no VGG19 weights can be had offline; see the experiment's README).
 *
 * Five activations stand in for the seed's conv_1..conv_5, shallow to deep as in VGG19; shapes for
 * an H x W input (measured with model.execute on a 96 x 128 image):
 *   conv_1  Conv/hard_swish            [H/2,  W/2,  16]   first convolution (edges, colour)
 *   conv_2  expanded_conv_1/expand     [H/2,  W/2,  64]
 *   conv_3  expanded_conv_3/expand     [H/4,  W/4,  72]
 *   conv_4  expanded_conv_6/expand     [H/8,  W/8, 192]   the content layer, as in the seed
 *   conv_5  expanded_conv_12/expand    [H/16, W/16, 528]
 * Only the backbone up to the deepest requested node runs: the detection head never executes.
 */
export const BACKBONE_LAYERS: Readonly<Record<string, string>> = {
  conv_1: 'tower_0/MobilenetV3/Conv/hard_swish/mul_1',
  conv_2: 'tower_0/MobilenetV3/expanded_conv_1/expand/Relu',
  conv_3: 'tower_0/MobilenetV3/expanded_conv_3/expand/Relu',
  conv_4: 'tower_0/MobilenetV3/expanded_conv_6/expand/hard_swish/mul_1',
  conv_5: 'tower_0/MobilenetV3/expanded_conv_12/expand/hard_swish/mul_1',
}

/** The backbone's input placeholder; it takes RGB 0..255 (see detection/centernet.ts). */
export const BACKBONE_INPUT = 'tower_0/images'

export { MIN_SIDE } from './names'
