import { QUEUE_OPTIONS } from '../queueFlags'
import { pickOptions, type CommandUsage, type OptionUsage } from '../usage'

const OPTIONS: Record<string, OptionUsage> = { json: { help: 'print JSON' }, ...QUEUE_OPTIONS }

export const STUDY_USAGE: CommandUsage = {
  name: 'study',
  summary: 'sweeps started with run --sweep: list, show, cancel',
  synopsis: ['study list [--json]', 'study show STUDY [--json] [--queue URL]', 'study cancel STUDY [--queue URL]'],
  options: OPTIONS,
  subcommands: [
    { name: 'list', summary: 'every study (the default)', synopsis: ['study list [--json]'], options: pickOptions(OPTIONS, ['json']), examples: [['benchtop study list', 'studies with their sweeps and run statuses']] },
    { name: 'show', summary: "a study's table: final and best accuracies per run", synopsis: ['study show STUDY [--json]'], operands: 'none', options: OPTIONS, examples: [['benchtop study show STUDY --json', 'the table as JSON']] },
    { name: 'cancel', summary: "stop a study: queued runs do not start", synopsis: ['study cancel STUDY'], operands: 'none', options: pickOptions(OPTIONS, ['queue', 'queue-password-file']), examples: [['benchtop study cancel STUDY', 'the running run stops after its step']] },
  ],
  examples: [['benchtop study show STUDY', "the study's table"]],
}
