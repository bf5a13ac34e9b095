import type { CommandUsage } from '../usage'

export const UPSCALE_USAGE: CommandUsage = {
  name: 'upscale',
  summary: 'each image 4x larger with a trained super-resolution run',
  synopsis: ['upscale --run RUN IMAGE... --out DIR [--checkpoint NAME] [--json]'],
  operands: 'file',
  options: {
    run: { value: true, arg: 'RUN', help: 'the trained srgan run (id, start of an id, or name)', complete: 'run' },
    out: { value: true, arg: 'DIR', help: 'the folder the 4x images are written to (never over an input)', complete: 'dir' },
    checkpoint: { value: true, arg: 'NAME', help: "a checkpoint of the run (default: its latest)", complete: 'none' },
    json: { help: 'print, per image, the input and output size and the output path as JSON' },
  },
  examples: [['benchtop upscale --run my-sr photo.png --out big', 'writes big/photo.x4.png, tiled so any size within the limit fits in memory']],
}
