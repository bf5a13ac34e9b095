/** Small file-system helpers shared by the scanners: folder checks and visible folder entries. */
import { readdir, stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { DatasetError } from './errors.js'
import { compareNames, isIgnoredName } from './folderLayout.js'

export interface Entry {
  /** For a 'bad-name' entry, decoded with U+FFFD in place of the invalid bytes (for messages only). */
  name: string
  path: string
  /**
   * 'bad-name': the name on disk is not valid UTF-8, so no string path can open it; reported as
   * skipped with that reason (and `folder` telling what it is) instead of being mistaken for a
   * missing or special file.
   */
  kind: 'folder' | 'file' | 'other' | 'bad-name'
  /** For 'bad-name' entries: whether it is a folder (a whole class left out) or not. */
  folder?: boolean
  /** Size in bytes and modification time (ms), for files. */
  bytes: number
  mtimeMs: number
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** Resolves `path` and checks it is an existing folder; throws a DatasetError naming it otherwise. */
export async function requireFolder(path: string): Promise<string> {
  const absolute = resolve(path)
  let info
  try {
    info = await stat(absolute)
  } catch (error) {
    if (isMissing(error)) throw new DatasetError(`no such file or folder: ${absolute}`, absolute)
    throw new DatasetError(`cannot read ${absolute}: ${(error as Error).message}`, absolute)
  }
  if (!info.isDirectory()) {
    throw new DatasetError(`not a folder: ${absolute} (a data set is a folder of images or of IDX files)`, absolute)
  }
  return absolute
}

/**
 * Visible entries of a folder sorted by name, symbolic links followed (a link to a folder of
 * images is a class folder like any other). Hidden and archive-junk names are left out.
 */
export async function listEntries(folder: string): Promise<Entry[]> {
  const raw = await readdir(folder, { encoding: 'buffer' })
  const names = raw
    .map((bytes) => ({ bytes, name: bytes.toString('utf8') }))
    .filter(({ name }) => !isIgnoredName(name))
    .sort((a, b) => compareNames(a.name, b.name))
  return Promise.all(
    names.map(async ({ bytes, name }): Promise<Entry> => {
      const path = join(folder, name)
      if (!isValidUtf8Name(bytes, name)) {
        const info = await stat(Buffer.concat([Buffer.from(folder + sep), bytes])).catch(() => null)
        return { name, path, kind: 'bad-name', folder: info?.isDirectory() === true, bytes: 0, mtimeMs: 0 }
      }
      try {
        const info = await stat(path)
        const kind = info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other'
        return { name, path, kind, bytes: info.size, mtimeMs: info.mtimeMs }
      } catch {
        // A dangling link or a file removed while scanning: reported as skipped by the caller.
        return { name, path, kind: 'other', bytes: 0, mtimeMs: 0 }
      }
    }),
  )
}

/** True when the bytes of a name decode to `name` and back unchanged (valid UTF-8). */
function isValidUtf8Name(bytes: Buffer, name: string): boolean {
  return Buffer.from(name, 'utf8').equals(bytes)
}

/** Why an entry whose name is not valid UTF-8 is skipped. */
export function badNameReason(entry: Entry): string {
  return entry.folder
    ? 'folder name is not valid UTF-8, so its files are left out (rename the folder to use them)'
    : 'file name is not valid UTF-8 (rename the file to use it)'
}
