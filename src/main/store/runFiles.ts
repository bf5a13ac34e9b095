/**
 * Opening the files of a run folder without trusting it. A run folder may come from anywhere
 * (copied, restored, crafted): a `log.txt` that is a link would have our error text appended to
 * some other file, and a `meta.json` linking elsewhere would be read back as if it were the run's.
 * So a run's files are opened with O_NOFOLLOW where the system has it, checked to be regular files
 * (not links, folders, fifos or devices), and the folders on the way (metrics/, checkpoints/, ...)
 * are checked not to be links either, so everything opened lies inside the run's own folder.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { errorCode, RunStoreError } from './errors'

/** 0 where the system has no O_NOFOLLOW (Windows): the lstat check below is then all there is. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0

const FLAGS = {
  read: constants.O_RDONLY,
  append: constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
  readAppend: constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
} as const

export type RunFileMode = keyof typeof FLAGS

export class UnsafeRunFileError extends RunStoreError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}; Benchtop opens only regular files inside the run's folder`)
    this.name = 'UnsafeRunFileError'
  }
}

/** `dir` and every folder between `runDir` and it must be real folders, not links. */
export function assertRealFolders(runDir: string, dir: string): void {
  const rel = relative(runDir, dir)
  if (rel.startsWith('..') || rel.includes(`..${sep}`)) throw new UnsafeRunFileError(dir, 'is outside the run folder')
  let current = runDir
  for (const part of ['', ...(rel ? rel.split(sep) : [])]) {
    current = part ? join(current, part) : current
    let stat
    try {
      stat = lstatSync(current)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return
      throw error
    }
    if (stat.isSymbolicLink()) throw new UnsafeRunFileError(current, 'is a symbolic link')
    if (!stat.isDirectory()) throw new UnsafeRunFileError(current, 'is not a folder')
  }
}

/**
 * Opens `file` (a path inside `runDir`) without following a link in its last part and checks that
 * what was opened is a regular file. Throws ENOENT as Node does when a file to read is missing.
 */
export function openRunFile(runDir: string, file: string, mode: RunFileMode): number {
  assertRealFolders(runDir, dirname(file))
  if (NOFOLLOW === 0) {
    try {
      if (lstatSync(file).isSymbolicLink()) throw new UnsafeRunFileError(file, 'is a symbolic link')
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error
    }
  }
  let fd: number
  try {
    // O_NONBLOCK: opening a fifo planted in the folder must not hang; regular files ignore it.
    fd = openSync(file, FLAGS[mode] | NOFOLLOW | (constants.O_NONBLOCK ?? 0), 0o644)
  } catch (error) {
    // Linux says ELOOP, the BSDs EMLINK, when O_NOFOLLOW meets a link.
    if (errorCode(error) === 'ELOOP' || errorCode(error) === 'EMLINK') throw new UnsafeRunFileError(file, 'is a symbolic link')
    throw error
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd)
    throw new UnsafeRunFileError(file, 'is not a regular file')
  }
  return fd
}

/**
 * The first `size` bytes of an open file (by default the size it has now; fewer if it shrinks
 * while being read). The caller closes `fd`.
 */
export function readOpenFile(fd: number, size = fstatSync(fd).size): Buffer {
  const buffer = Buffer.alloc(size)
  let read = 0
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, read)
    if (n === 0) break
    read += n
  }
  return buffer.subarray(0, read)
}

/** The whole file's bytes. */
export function readRunFileBytes(runDir: string, file: string): Buffer {
  const fd = openRunFile(runDir, file, 'read')
  try {
    return readOpenFile(fd)
  } finally {
    closeSync(fd)
  }
}

/** The whole file as text. */
export function readRunFile(runDir: string, file: string): string {
  return readRunFileBytes(runDir, file).toString('utf8')
}

/** At most the last `maxBytes` of the file, as text; '' if it does not exist. */
export function readRunFileTail(runDir: string, file: string, maxBytes: number): string {
  let fd: number
  try {
    fd = openRunFile(runDir, file, 'read')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return ''
    throw error
  }
  try {
    const size = fstatSync(fd).size
    const length = Math.min(size, maxBytes)
    const buffer = Buffer.alloc(length)
    const read = readSync(fd, buffer, 0, length, size - length)
    return buffer.subarray(0, read).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
