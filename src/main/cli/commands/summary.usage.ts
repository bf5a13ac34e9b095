import type { CommandUsage } from '../usage'

export const SUMMARY_USAGE: CommandUsage = {
  name: 'summary',
  summary: 'the model a configuration builds, without training',
  synopsis: ['summary EXPERIMENT [--preset NAME] [--set key=value]... [--json]'],
  operands: 'experiment',
  options: {
    preset: { value: true, arg: 'NAME', help: "start from a preset's values", complete: 'preset' },
    set: { value: true, repeat: true, arg: 'key=value', help: 'change one config value', complete: 'none' },
    json: { help: 'print the model, parameter counts and output shape as JSON' },
  },
  examples: [['benchtop summary resnet --set model=ResNet50 --json', "ResNet50's blocks and parameters"]],
}
