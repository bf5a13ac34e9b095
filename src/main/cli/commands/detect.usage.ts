import type { CommandUsage } from '../usage'

export const DETECT_COMMAND: CommandUsage = {
  name: 'detect',
  summary: 'objects in images (COCO CenterNet, or a trained yolo run with --model), boxed',
  synopsis: ['detect IMAGE... [--model RUN] [--score S] [--iou I] [--max N] [--class-agnostic] [--json] [--out DIR] [--backend NAME]'],
  operands: 'file',
  options: {
    model: { value: true, arg: 'RUN', help: 'detect with a finished yolo run (its classes and thresholds) instead of CenterNet', complete: 'run' },
    score: { value: true, arg: 'S', help: 'keep boxes scoring at least S (0 to 1)', complete: 'none' },
    iou: { value: true, arg: 'I', help: 'NMS overlap above which the weaker box goes (0 to 1)', complete: 'none' },
    max: { value: true, arg: 'N', help: 'at most N boxes per image', complete: 'none' },
    'class-agnostic': { help: 'suppress overlapping boxes across classes too' },
    json: { help: 'print JSON' },
    out: { value: true, arg: 'DIR', help: 'write each image with its boxes drawn to DIR', complete: 'dir' },
    backend: { value: true, arg: 'NAME', help: "run CenterNet on this backend (not with --model)", complete: 'backend' },
  },
  examples: [
    ['benchtop detect street.jpg --score 0.3 --out boxed/', 'objects in street.jpg, drawn into boxed/street.detect.png'],
    ['benchtop detect --model my-yolo scene.png --json', "a trained yolo run's boxes as JSON"],
  ],
}
