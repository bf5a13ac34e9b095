/** `--queue URL [--queue-password-file FILE]`, shared by the commands that talk to a queue. */
import type { QueueTarget } from '../cluster/connection'
import { flagString, UsageError, type FlagSpec, type ParsedArgs } from './args'

export const QUEUE_FLAGS: Record<string, FlagSpec> = {
  queue: { value: true },
  'queue-password-file': { value: true },
}

/** The queue named on the command line, or undefined (then settings.json decides). */
export function queueFromFlags(args: ParsedArgs): QueueTarget | undefined {
  const url = flagString(args, 'queue')
  const passwordFile = flagString(args, 'queue-password-file')
  if (!url) {
    if (passwordFile) throw new UsageError('--queue-password-file needs --queue')
    return undefined
  }
  return { url, passwordFile: passwordFile ?? null }
}
