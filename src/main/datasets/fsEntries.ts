/** Small file-system helpers shared by the scanners: folder checks and visible folder entries. */
import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { DatasetError } from './errors.js'
import { compareNames, isIgnoredName } from './folderLayout.js'

export interface Entry {
  name: string
  path: string
  kind: 'folder' | 'file' | 'other'
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
  const names = (await readdir(folder)).filter((name) => !isIgnoredName(name)).sort(compareNames)
  return Promise.all(
    names.map(async (name): Promise<Entry> => {
      const path = join(folder, name)
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
