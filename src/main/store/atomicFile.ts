/**
 * Writing files so that a reader (another process, or `cat`) sees either the old content or the new
 * content, never a mix, even if the writer is killed half way.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { errorCode } from './errors'
import { sleepSync } from './sleepSync'

/**
 * Replace `path` atomically: write a temporary file in the same folder (rename is only atomic within
 * one file system), fsync it so the rename can never expose an empty file after a power cut, then
 * rename it over the target. The folder itself is not fsynced: losing the rename in a crash gives
 * back the previous complete file, which is acceptable for meta.json.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const fd = openSync(tmp, 'wx')
  try {
    try {
      writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameWithRetry(tmp, path)
  } catch (error) {
    // A full disk fails the write: the half-written temporary file must not stay behind.
    try {
      unlinkSync(tmp)
    } catch {
      // The tmp file is hidden (dot name) and ignored by readers; leaving it is harmless.
    }
    throw error
  }
}

/** writeSync may write less than asked (disk nearly full, signals); loop until all bytes are out. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
}

/**
 * On Windows, renaming over a file that another process has open for reading fails with EPERM or
 * EBUSY for a moment; readers here only hold files for milliseconds, so a short retry suffices.
 */
function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to)
      return
    } catch (error) {
      const code = errorCode(error)
      const transient = code === 'EPERM' || code === 'EBUSY' || code === 'EACCES'
      if (!transient || attempt >= 20) throw error
      sleepSync(10 + attempt * 5)
    }
  }
}

/** Read and parse a JSON file; errors keep Node's ENOENT code and add the path to parse errors. */
export function readJsonFile(path: string): unknown {
  return parseJsonText(path, readFileSync(path, 'utf8'))
}

/** Parse JSON read from `path`, naming the file in the error. */
export function parseJsonText(path: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new SyntaxError(`${path} is not valid JSON: ${(error as Error).message}`)
  }
}
