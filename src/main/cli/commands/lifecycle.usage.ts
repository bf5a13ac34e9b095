import type { CommandUsage } from '../usage'

export const RESUME_USAGE: CommandUsage = {
  name: 'resume',
  summary: 'continue an interrupted or cancelled run from its last checkpoint',
  synopsis: ['resume RUN [--backend B] [--json]'],
  operands: 'run',
  options: {
    json: { help: 'print one JSON object at the end instead of progress' },
    backend: { value: true, arg: 'B', help: 'continue on another backend (for this leg only)', complete: 'backend' },
  },
  examples: [['benchtop resume RUN', 'continue RUN where its last checkpoint left it']],
}

export const CANCEL_USAGE: CommandUsage = {
  name: 'cancel',
  summary: 'ask a running run to stop after its step',
  synopsis: ['cancel RUN'],
  operands: 'run',
  options: {},
  examples: [['benchtop cancel RUN', 'stop RUN; benchtop resume RUN continues it']],
}

export const DELETE_USAGE: CommandUsage = {
  name: 'delete',
  summary: 'move a run to the trash',
  synopsis: ['delete RUN'],
  operands: 'run',
  options: {},
  examples: [['benchtop delete RUN', 'move RUN to the trash (benchtop restore RUN brings it back)']],
}

export const RESTORE_USAGE: CommandUsage = {
  name: 'restore',
  summary: 'bring a run back from the trash',
  synopsis: ['restore RUN'],
  operands: 'run',
  options: {},
  examples: [['benchtop restore RUN', 'RUN is listed again (benchtop runs --trash lists the trash)']],
}
