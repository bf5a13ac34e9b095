/**
 * sharp (libvips), loaded on first use: it is a native module that costs a noticeable part of a
 * second to load, and most commands (`benchtop runs`, `--help`, ...) never decode an image.
 */
import type Sharp from 'sharp'

let loading: Promise<typeof Sharp> | null = null

export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((m) => m.default)
  return loading
}
