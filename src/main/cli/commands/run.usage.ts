import type { CommandUsage } from '../usage'
import { QUEUE_OPTIONS } from '../queueFlags'

export const RUN_USAGE: CommandUsage = {
  name: 'run',
  summary: 'train an experiment here and follow it (or a sweep of runs: a study)',
  synopsis: [
    'run EXPERIMENT [--preset NAME] [--set key=value]... [--data PATH] [--seed N] [--backend NAME] [--name NAME] [--json]',
    'run EXPERIMENT --from RUN[:CHECKPOINT] [--set key=value]... [--data PATH] [--json]',
    'run EXPERIMENT --sweep key=v1,v2 [--sweep ...] [--parallel N] [--queue redis://HOST:PORT [--queue-password-file FILE]] [--json]',
  ],
  operands: 'experiment',
  options: {
    preset: { value: true, arg: 'NAME', help: "start from a preset's values (each experiment lists its own)", complete: 'preset' },
    set: { value: true, repeat: true, arg: 'key=value', help: 'change one config value (benchtop summary and the New run page list the keys)', complete: 'none' },
    data: { value: true, arg: 'PATH', help: 'a data set id or a folder/file to import; the experiment\'s own data otherwise' },
    seed: { value: true, arg: 'N', help: 'the seed of data order and initial weights (random when not given)', complete: 'none' },
    backend: { value: true, arg: 'NAME', help: 'train on this backend instead of the first that works (benchtop doctor lists them)', complete: 'backend' },
    name: { value: true, arg: 'NAME', help: 'a name for the run (the id stays its key)', complete: 'none' },
    sweep: { value: true, repeat: true, arg: 'key=v1,v2', help: 'a study: one run per combination of the swept values', complete: 'none' },
    parallel: { value: true, arg: 'N', help: "how many of a study's runs train at once (default 1)", complete: 'none' },
    ...QUEUE_OPTIONS,
    from: {
      value: true,
      arg: 'RUN[:CHECKPOINT]',
      help: "fork: begin from a run's checkpoint (its latest when not named) with its weights and optimiser state",
      complete: 'run',
    },
    json: { help: 'print one JSON object at the end instead of progress' },
  },
  details: [
    'RUN is a run id, a unique start of one, or a run name. With --from the new run takes the parent\'s config, seed and data, ' +
      'then your --set values; it continues the parent\'s step count and its record names the parent and checkpoint. ' +
      'Values that change the model\'s shape (e.g. filters or size for shapes-cnn) are refused: the checkpoint\'s weights would not fit.',
  ],
  examples: [
    ['benchtop run shapes-cnn --preset quick', 'a quick run of the shapes classifier, with a progress bar'],
    ['benchtop run shapes-cnn --set epochs=5 --set lr=0.003 --seed 1 --json', 'change two values, fix the seed, print JSON at the end'],
    ['benchtop run shapes-cnn --from RUN:epoch-0002 --set lr=0.0003 --set epochs=6', 'fork RUN at its second epoch with a lower learning rate, up to epoch 6'],
    ['benchtop run resnet --preset quick --sweep model=ResNet18,ResNet50 --sweep shortcut=true,false', 'a study of 4 runs, one after another'],
  ],
}
