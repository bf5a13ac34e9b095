import type { CommandUsage } from '../usage'

const STEP: CommandUsage = {
  name: 'step',
  summary: "the median time of an experiment's training step on a random batch",
  synopsis: ['bench step EXPERIMENT [--preset NAME] [--set key=value]... [--batch N] [--steps N] [--backend NAME] [--seed N] [--profile] [--json]'],
  operands: 'experiment',
  options: {
    preset: { value: true, arg: 'NAME', help: "start from a preset's values", complete: 'preset' },
    set: { value: true, repeat: true, arg: 'key=value', help: 'change one config value', complete: 'none' },
    batch: { value: true, arg: 'N', help: 'images per step (the config\'s batch otherwise)', complete: 'none' },
    steps: { value: true, arg: 'N', help: 'timed steps after one warm-up step (default 10)', complete: 'none' },
    backend: { value: true, arg: 'NAME', help: 'time this backend', complete: 'backend' },
    seed: { value: true, arg: 'N', help: 'seed of the weights and the batch (default 1)', complete: 'none' },
    profile: { help: 'add the milliseconds per kernel of one more step' },
    json: { help: 'print JSON' },
  },
  examples: [['benchtop bench step resnet --set size=64 --batch 16 --json', 'ResNet18 steps at 64 px, batch 16']],
}

export const BENCH_USAGE: CommandUsage = {
  name: 'bench',
  summary: 'time training steps on random data',
  synopsis: [STEP.synopsis[0]],
  options: {},
  subcommands: [STEP],
  examples: STEP.examples,
}
