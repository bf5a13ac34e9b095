import type { CommandUsage } from '../usage'

export const DOCTOR_USAGE: CommandUsage = {
  name: 'doctor',
  summary: 'which backends work here, and why the others do not',
  synopsis: ['doctor [--json]'],
  options: { json: { help: 'print the report as JSON' } },
  examples: [['benchtop doctor', 'try every backend with a small training step and say which one runs']],
}
