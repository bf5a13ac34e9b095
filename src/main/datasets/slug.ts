/** Data set ids: lower-case slugs safe as file names (`My Cats & Dogs!` -> `my-cats-dogs`). */

const MAX_LENGTH = 48
const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_LENGTH)
    .replace(/^-+|-+$/g, '')
  return slug || 'dataset'
}

/** True for strings that can be an id; anything else (paths, `..`) is never looked up as a file. */
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id)
}

/** `base`, then `base-2`, `base-3`, ...: the candidates for a unique id. */
export function idCandidate(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}-${attempt}`
}
