import type { CommandUsage } from '../usage'

export const FACES_USAGE: CommandUsage = {
  name: 'faces',
  summary: 'find faces, and which are the same person (--model: compare whole images with a triplet run)',
  synopsis: ['faces IMAGE... [--model RUN [--checkpoint C]] [--threshold T] [--json]'],
  operands: 'file',
  options: {
    threshold: { value: true, arg: 'T', help: "distance up to which two faces (or images) are the same (0 to 4; with --model the run's own threshold by default)", complete: 'none' },
    model: { value: true, arg: 'RUN', help: 'compare whole images by the embedding of a finished triplet run instead of faces', complete: 'run' },
    checkpoint: { value: true, arg: 'C', help: 'a checkpoint of the --model run (default: its latest)', complete: 'none' },
    json: { help: 'print JSON' },
  },
  examples: [['benchtop faces a.jpg b.jpg', 'every face of both photos and every pair\'s distance and verdict']],
}
