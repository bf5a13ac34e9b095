import type { CommandUsage } from '../usage'

export const PREDICT_COMMAND: CommandUsage = {
  name: 'predict',
  summary: "a trained classifier's class probabilities for image files",
  synopsis: ['predict RUN IMAGE... [--checkpoint NAME] [--top K] [--json]'],
  operands: 'run',
  options: {
    checkpoint: { value: true, arg: 'NAME', help: 'a checkpoint name or epoch number (the run\'s latest otherwise)', complete: 'none' },
    top: { value: true, arg: 'K', help: 'show the K likeliest classes', complete: 'none' },
    json: { help: 'print JSON' },
  },
  examples: [['benchtop predict RUN circle.png --top 2', "the two likeliest classes of circle.png by RUN's latest checkpoint"]],
}
