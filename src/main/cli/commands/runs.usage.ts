import type { CommandUsage } from '../usage'

export const RUNS_USAGE: CommandUsage = {
  name: 'runs',
  summary: 'every run: status, progress, key metrics, backend, duration',
  synopsis: ['runs [--json] [--trash]', 'runs --empty-trash [--yes] [--json]'],
  options: {
    json: { help: 'print the runs as JSON' },
    trash: { help: 'list the runs in the trash instead, with each run\'s size' },
    'empty-trash': { help: 'delete the runs in the trash for good (only with --yes; without, it says what that would free)' },
    yes: { help: 'confirms emptying the trash (there is no undo)' },
  },
  examples: [
    ['benchtop runs', 'the runs as a table, newest first'],
    ['benchtop runs --trash', 'what benchtop delete moved to the trash (benchtop restore RUN brings one back)'],
    ['benchtop runs --empty-trash --yes', 'free the space the trash takes'],
  ],
}
