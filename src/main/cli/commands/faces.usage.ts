import type { CommandUsage } from '../usage'

export const FACES_USAGE: CommandUsage = {
  name: 'faces',
  summary: 'find faces, and which are the same person',
  synopsis: ['faces IMAGE... [--threshold T] [--json]'],
  operands: 'file',
  options: {
    threshold: { value: true, arg: 'T', help: 'descriptor distance up to which two faces are the same person (0 to 4)', complete: 'none' },
    json: { help: 'print JSON' },
  },
  examples: [['benchtop faces a.jpg b.jpg', 'every face of both photos and every pair\'s distance and verdict']],
}
