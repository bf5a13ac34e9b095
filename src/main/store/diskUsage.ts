/**
 * How much disk a run folder takes: the sizes of its regular files, found without following links
 * (a link in an untrusted run folder never makes another folder count), so what deleting the
 * folder would free.
 */
import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { errorCode } from './errors'

export interface FolderUsage {
  bytes: number
  files: number
}

/** Bytes and count of the regular files under `dir` (0 for a folder that is gone). */
export function folderUsage(dir: string): FolderUsage {
  const usage: FolderUsage = { bytes: 0, files: 0 }
  const pending = [dir]
  while (pending.length > 0) {
    const current = pending.pop()!
    let names: string[]
    try {
      names = readdirSync(current)
    } catch (error) {
      // Removed meanwhile (a run emptied from the trash, a checkpoint replaced): nothing to count.
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') continue
      throw error
    }
    for (const name of names) {
      const path = join(current, name)
      let stat
      try {
        stat = lstatSync(path)
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue
        throw error
      }
      if (stat.isDirectory()) pending.push(path)
      else if (stat.isFile()) {
        usage.bytes += stat.size
        usage.files += 1
      }
    }
  }
  return usage
}
