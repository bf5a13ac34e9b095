/** The bytes of an image sent as base64, tolerating a `data:...;base64,` URL in front. */
export function decodeBase64Image(dataBase64: string): Buffer {
  const comma = dataBase64.startsWith('data:') ? dataBase64.indexOf(',') : -1
  return Buffer.from(comma >= 0 ? dataBase64.slice(comma + 1) : dataBase64, 'base64')
}
