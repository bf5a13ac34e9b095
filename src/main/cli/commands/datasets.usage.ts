import { pickOptions, type CommandUsage, type OptionUsage } from '../usage'

const OPTIONS: Record<string, OptionUsage> = {
  json: { help: 'print JSON' },
  name: { value: true, arg: 'NAME', help: 'the imported data set\'s name', complete: 'none' },
}

export const DATASETS_USAGE: CommandUsage = {
  name: 'datasets',
  summary: 'built-in and imported data sets; import a folder or IDX files',
  synopsis: ['datasets [--json]', 'datasets import PATH [--name NAME] [--json]'],
  options: OPTIONS,
  subcommands: [
    {
      name: 'list',
      summary: 'the data sets (the default when no subcommand is given)',
      synopsis: ['datasets list [--json]', 'datasets [--json]'],
      options: pickOptions(OPTIONS, ['json']),
      examples: [['benchtop datasets', 'id, origin, format, classes and counts of every data set']],
    },
    {
      name: 'import',
      summary: 'import root/<class>/*, root/{training_set,test_set}/<class>/*, or IDX files',
      synopsis: ['datasets import PATH [--name NAME] [--json]'],
      operands: 'dir',
      options: OPTIONS,
      examples: [['benchtop datasets import ~/data/cats-vs-dogs --name pets', 'import a folder of class folders as "pets"']],
    },
  ],
  examples: [
    ['benchtop datasets', 'list the data sets'],
    ['benchtop datasets import ./mnist', 'import a folder of IDX files (train-images-idx3-ubyte, ...)'],
  ],
}
