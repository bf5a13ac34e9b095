/**
 * Errors the run store throws on purpose. Each message names the run and the folder it looked in,
 * because the person reading it is usually at a command line and wants to `ls` the place next.
 */

export class RunStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RunStoreError'
  }
}

/** The run folder does not exist (or has no meta.json to say it is a run). */
export class RunNotFoundError extends RunStoreError {
  constructor(
    readonly runId: string,
    readonly runsDir: string,
    detail?: string,
  ) {
    super(`no run '${runId}' in ${runsDir}${detail ? ` (${detail})` : ''}`)
    this.name = 'RunNotFoundError'
  }
}

/** Another process held a run's meta.lock for longer than we were willing to wait. */
export class LockTimeoutError extends RunStoreError {
  constructor(
    readonly lockPath: string,
    waitedMs: number,
    holder: string,
  ) {
    super(
      `could not lock ${lockPath} within ${waitedMs} ms (held by ${holder}); ` +
        'if no Benchtop process is running, the file can be deleted by hand',
    )
    this.name = 'LockTimeoutError'
  }
}

/** Node's system errors carry a `code` such as ENOENT; this reads it without `any`. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
