import { QUEUE_OPTIONS } from '../queueFlags'
import type { CommandUsage } from '../usage'

export const WORKER_USAGE: CommandUsage = {
  name: 'worker',
  summary: "train studies' runs from a queue until Ctrl-C",
  synopsis: ['worker --queue redis://HOST:PORT [--queue-password-file FILE] [--concurrency N] [--backend NAME] [--name NAME] [--data-root DIR]... [--lock-ms MS] [--stalled-ms MS]'],
  options: {
    ...QUEUE_OPTIONS,
    concurrency: { value: true, arg: 'N', help: 'runs trained at once (default 1)', complete: 'none' },
    backend: { value: true, arg: 'NAME', help: 'train on this backend', complete: 'backend' },
    name: { value: true, arg: 'NAME', help: "this worker's name in the runs' records (default: the host name)", complete: 'none' },
    'data-root': { value: true, repeat: true, arg: 'DIR', help: 'where imported data sets may be found on this machine', complete: 'dir' },
    'lock-ms': { value: true, arg: 'MS', help: "how long a taken run's lock lasts without renewal", complete: 'none' },
    'stalled-ms': { value: true, arg: 'MS', help: 'how often stalled runs are looked for', complete: 'none' },
    'max-stalled': { value: true, arg: 'N', help: 'how many times a stalled run goes back to the queue', complete: 'none' },
  },
  examples: [['benchtop worker --queue redis://10.0.0.5:6379 --concurrency 2', "train two of the queue's runs at a time"]],
}
