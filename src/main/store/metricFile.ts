/**
 * One metric of one run is one append-only JSON Lines file, `metrics/<name>.jsonl`, one point a line:
 *   {"step":120,"epoch":2,"time":1764218292000,"value":0.4312}
 * Append-only keeps writes cheap and crash-safe (a kill can at worst cut the last line short), and
 * lets `tail -f` follow a run. The reader is therefore tolerant of a cut or garbled line.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { MetricPoint } from '../../shared/api'
import { errorCode, RunStoreError } from './errors'
import { writeAll } from './atomicFile'

export const METRIC_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/
const SUFFIX = '.jsonl'
const TAIL_BYTES = 4096
/** The end of a file searched for its last point: a run list never reads more of a metric file than this. */
export const MAX_TAIL_BYTES = 1024 * 1024
/** The largest metric file read whole (about 3 million points); a larger one is refused, not loaded. */
export const MAX_METRIC_FILE_BYTES = 256 * 1024 * 1024
const READ_CHUNK_BYTES = 4 * 1024 * 1024

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

export function assertMetricName(name: string): void {
  if (!METRIC_NAME_PATTERN.test(name)) {
    throw new RunStoreError(
      `invalid metric name ${JSON.stringify(name)}: use 1-64 letters, digits, '_', '.' or '-' ` +
        '(it becomes a file name)',
    )
  }
}

export function metricFileName(name: string): string {
  return name + SUFFIX
}

/**
 * Append points in a single write so every line lands whole (O_APPEND puts each write at the end).
 * If the file does not end with a newline, a previous writer was killed mid-line: start on a fresh
 * line so the new points are not glued onto the broken one. This is what appendFileSync does, plus
 * that check on the same open file. Only a run's owner appends, so check-then-write does not race.
 */
export function appendMetricPoints(path: string, points: readonly MetricPoint[]): void {
  if (points.length === 0) return
  let text = points.map((point) => JSON.stringify(toLine(point))).join('\n') + '\n'
  const fd = openSync(path, 'a+')
  try {
    const size = fstatSync(fd).size
    if (size > 0) {
      const last = Buffer.alloc(1)
      readSync(fd, last, 0, 1, size - 1)
      if (last[0] !== 0x0a) text = '\n' + text
    }
    writeAll(fd, Buffer.from(text, 'utf8'))
  } finally {
    closeSync(fd)
  }
}

/**
 * JSON has no NaN or Infinity; a diverged loss is still worth recording, so non-finite values are
 * written as null and read back as NaN. Step, epoch and time must be real numbers.
 */
function toLine(point: MetricPoint): MetricPoint | (Omit<MetricPoint, 'value'> & { value: null }) {
  for (const key of ['step', 'epoch', 'time'] as const) {
    if (typeof point[key] !== 'number' || !Number.isFinite(point[key])) {
      throw new RunStoreError(`metric point has no finite '${key}': ${JSON.stringify(point)}`)
    }
  }
  if (typeof point.value !== 'number') throw new RunStoreError(`metric value is not a number: ${JSON.stringify(point)}`)
  const { step, epoch, time, value } = point
  return { step, epoch, time, value: Number.isFinite(value) ? value : null }
}

/** Parse one line; anything that is not a complete point (cut short, garbled) gives null. */
export function parseMetricLine(line: string): MetricPoint | null {
  if (line.trim() === '') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const { step, epoch, time, value } = parsed as Record<string, unknown>
  if (typeof step !== 'number' || typeof epoch !== 'number' || typeof time !== 'number') return null
  if (typeof value !== 'number' && value !== null) return null
  return { step, epoch, time, value: value ?? NaN }
}

/**
 * All points, sorted by step. A resumed run redoes the steps after its checkpoint, so a step seen
 * again replaces the earlier point: the file order is the order things happened.
 */
export function readMetricPoints(path: string): MetricPoint[] {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
  const byStep = new Map<number, MetricPoint>()
  try {
    const size = fstatSync(fd).size
    if (size > MAX_METRIC_FILE_BYTES) {
      throw new RunStoreError(`metric file ${path} is ${mib(size)}; at most ${MAX_METRIC_FILE_BYTES / 1024 / 1024} MiB are read`)
    }
    // In chunks, never one string of the whole file; a line cut by a chunk waits for the next one.
    const decoder = new StringDecoder('utf8')
    const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, Math.max(size, 1)))
    let pending = ''
    const take = (line: string) => {
      const point = parseMetricLine(line)
      if (point) byStep.set(point.step, point)
    }
    for (let offset = 0; offset < size; ) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - offset), offset)
      if (read === 0) break
      offset += read
      const lines = (pending + decoder.write(chunk.subarray(0, read))).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) take(line)
    }
    take(pending + decoder.end())
  } finally {
    closeSync(fd)
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step)
}

/**
 * The last complete point of the file, reading only its end: the run list shows the latest value
 * of every metric of every run, and files grow to hundreds of thousands of lines. Starts with the
 * last 4 KiB and doubles the window until it holds a complete valid line (or the whole file), but
 * never past MAX_TAIL_BYTES: a file with no valid point in its last 1 MiB is damaged, and that is
 * thrown as a RunStoreError (the caller reports it for that run) rather than read whole.
 */
export function readLastMetricPoint(path: string): MetricPoint | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null
    throw error
  }
  try {
    const size = fstatSync(fd).size
    for (let window = TAIL_BYTES; ; window *= 2) {
      const start = Math.max(0, size - window)
      const buffer = Buffer.alloc(size - start)
      const read = readSync(fd, buffer, 0, buffer.length, start)
      const lines = buffer.subarray(0, read).toString('utf8').split('\n')
      // Unless the window starts at byte 0, its first piece is the end of a line cut by the window.
      const firstWhole = start === 0 ? 0 : 1
      for (let i = lines.length - 1; i >= firstWhole; i--) {
        const point = parseMetricLine(lines[i] ?? '')
        if (point) return point
      }
      if (start === 0) return null
      if (window >= MAX_TAIL_BYTES) {
        throw new RunStoreError(`metric file ${path} (${mib(size)}) has no complete point in its last ${MAX_TAIL_BYTES / 1024 / 1024} MiB; it is damaged`)
      }
    }
  } finally {
    closeSync(fd)
  }
}

/** Metric names of a run: the `.jsonl` files in its metrics folder whose name is a valid metric name. */
export function listMetricNames(metricsDir: string): string[] {
  let files: string[]
  try {
    files = readdirSync(metricsDir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
  return files
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .filter((name) => METRIC_NAME_PATTERN.test(name))
    .sort()
}
