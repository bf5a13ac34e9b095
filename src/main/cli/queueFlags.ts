/** `--queue URL [--queue-password-file FILE]`, shared by the commands that talk to a queue. */
import type { QueueTarget } from '../cluster/connection'
import { flagString, UsageError, type ParsedArgs } from './args'
import type { OptionUsage } from './usage'

export const QUEUE_OPTIONS: Record<string, OptionUsage> = {
  queue: { value: true, arg: 'redis://HOST:PORT', help: 'the Redis queue whose workers train the runs', complete: 'none' },
  'queue-password-file': { value: true, arg: 'FILE', help: "a file holding the queue's password" },
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
