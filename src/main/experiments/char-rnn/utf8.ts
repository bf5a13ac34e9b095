/** Strict UTF-8 decoding that says where a file stops being UTF-8. */

/** Offset of the first byte that cannot start or continue a UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]
    const extra = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (extra < 0) return i
    for (let k = 1; k <= extra; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i
    i += extra + 1
  }
  return -1
}

/** The text, or the reason it is not UTF-8 ("byte 0xe9 at offset 12 is not UTF-8"). */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    const at = invalidUtf8Offset(bytes)
    return { error: at >= 0 ? `byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at} is not UTF-8` : 'it is not valid UTF-8' }
  }
}
