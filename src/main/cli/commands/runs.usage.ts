import type { CommandUsage } from '../usage'

export const RUNS_USAGE: CommandUsage = {
  name: 'runs',
  summary: 'every run: status, progress, key metrics, backend, duration',
  synopsis: ['runs [--json] [--trash]'],
  options: {
    json: { help: 'print the runs as JSON' },
    trash: { help: 'list the runs in the trash instead' },
  },
  examples: [
    ['benchtop runs', 'the runs as a table, newest first'],
    ['benchtop runs --trash', 'what benchtop delete moved to the trash (benchtop restore RUN brings one back)'],
  ],
}
