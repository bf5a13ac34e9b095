/**
 * Checks on paths that reach the core from a client (the web API, IPC, the command line): the
 * folder of a data set to import, and the `data` of a run or study when it is not a data set id.
 *
 * A path must be absolute (the server's working folder means nothing to a browser, and resolving
 * against it would read whatever happens to be there), must be a regular folder or file (never a
 * device, FIFO or socket: `/dev/zero` or `/dev/stdin` would never end), and a text file may be at
 * most MAX_TEXT_FILE_BYTES (it is read whole). The command line resolves relative paths against
 * the user's own working folder before calling the core (cli/dataArg.ts).
 */
import { lstat, stat } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError } from '../experiments/config'

/** The largest text file a run reads (char-rnn's words or prose, read whole into memory). */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024

export type InputKind = 'folder' | 'folder-or-file'

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`
}

/** Returns the normalised absolute path, or throws a ConfigError that names it and says what is wrong. */
export async function checkInputPath(given: string, kind: InputKind, what = 'path'): Promise<string> {
  if (!path.isAbsolute(given)) {
    throw new ConfigError(`${what} '${given}' is not an absolute path: give the full path (a relative path is not resolved against the server's working folder)`)
  }
  const absolute = path.normalize(given)
  let info
  try {
    // lstat first: a symbolic link is followed once, below, and what it points to must pass too.
    info = await lstat(absolute)
    if (info.isSymbolicLink()) info = await stat(absolute)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`${what}: no such file or folder: ${absolute}`)
    throw new ConfigError(`${what}: cannot read ${absolute}: ${(error as Error).message}`)
  }
  if (info.isDirectory()) return absolute
  if (!info.isFile()) {
    throw new ConfigError(`${what}: ${absolute} is a device, FIFO or socket, not a ${kind === 'folder' ? 'folder' : 'folder or regular file'}`)
  }
  if (kind === 'folder') throw new ConfigError(`${what}: ${absolute} is a file, not a folder (a data set is a folder of images or of IDX files)`)
  if (info.size > MAX_TEXT_FILE_BYTES) {
    throw new ConfigError(`${what}: ${absolute} is ${formatBytes(info.size)}; text files of at most ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MiB are read`)
  }
  return absolute
}
