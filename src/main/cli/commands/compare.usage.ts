import type { CommandUsage } from '../usage'

export const COMPARE_USAGE: CommandUsage = {
  name: 'compare',
  summary: 'final metrics of runs side by side, with the config values that differ',
  synopsis: ['compare RUN RUN... [--metric NAME] [--csv FILE] [--json]'],
  operands: 'run',
  options: {
    metric: { value: true, arg: 'NAME', help: 'only this metric', complete: 'none' },
    csv: { value: true, arg: 'FILE', help: 'also write every point of the metrics to FILE' },
    json: { help: 'print JSON' },
  },
  examples: [['benchtop compare RUN1 RUN2 --metric val_accuracy --csv out.csv', 'two runs\' validation accuracy, every point in out.csv']],
}
