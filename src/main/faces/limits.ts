/** What the face pipeline accepts (no imports: the command line reads these without loading tfjs). */
/** Limits on what is analysed, each with why. */
export const FACE_LIMITS = {
  /** The detector resizes to 512x512 anyway; 1280 keeps faces of a group photo large enough, and memory small. */
  maxSide: 1280,
  /** Below this (shorter side, analysed pixels) the 150x150 recognition input is mostly upsampling blur. */
  minFaceSize: 24,
  /** Larger files are refused before decoding (a photo is rarely over a few tens of MB). */
  maxBytes: 64 * 1024 * 1024,
  /** Decoding bombs: more pixels than any camera takes are refused from the header. */
  maxPixels: 200_000_000,
  /** The detector's score below which a box is not a face (face-api's default is 0.5). */
  minConfidence: 0.5,
  /** Faces per image at most. */
  maxFaces: 100,
  /** Side of the crop shown on the Faces page. */
  cropSize: 112,
} as const
