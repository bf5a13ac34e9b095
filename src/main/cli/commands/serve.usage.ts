import type { CommandUsage } from '../usage'

export const SERVE_USAGE: CommandUsage = {
  name: 'serve',
  summary: 'the app in a browser, on 127.0.0.1 only',
  synopsis: ['serve [--port N] [--no-build]'],
  options: {
    port: { value: true, arg: 'N', help: 'the port (0, the default, picks a free one)', complete: 'none' },
    'no-build': { help: 'do not build the app when its files are missing or old' },
  },
  examples: [['benchtop serve --port 8080', 'prints http://127.0.0.1:8080/?token=...; open it in a browser']],
}
