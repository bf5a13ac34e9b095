import type { CommandUsage } from '../usage'

export const SHOW_USAGE: CommandUsage = {
  name: 'show',
  summary: 'one run: config, reproducibility record, checkpoints, folder',
  synopsis: ['show RUN [--json]'],
  operands: 'run',
  options: { json: { help: 'print the whole record as JSON' } },
  examples: [
    ['benchtop show RUN', 'RUN is an id, a unique start of one, or a name'],
    ['benchtop show RUN --json', 'the record, params and checkpoints as JSON'],
  ],
}
