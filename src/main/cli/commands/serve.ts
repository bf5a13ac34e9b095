import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { appRoot } from '../../paths'
import { startWebServer } from '../../web/server'
import { flagInt, parseArgs, UsageError } from '../args'
import { SERVE_USAGE } from './serve.usage'
import type { CliContext } from '../context'

/** The newest modification time of any file under `dir` (0 when there is none). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs)
  }
  return newest
}

function buildRenderer(ctx: CliContext, root: string): Promise<void> {
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  ctx.stderr.write('Building the renderer (electron-vite build)...\n')
  return new Promise((resolve, reject) => {
    // The build's output goes to stderr: stdout carries only the URL line that scripts read.
    const child = spawn(bin, ['build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' })
    child.stdout.on('data', (d) => ctx.stderr.write(d))
    child.stderr.on('data', (d) => ctx.stderr.write(d))
    child.on('error', (error) => reject(new Error(`cannot run ${bin}: ${error.message}`)))
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`building the renderer failed (electron-vite build exited with ${code})`))))
  })
}

/** Builds the renderer when there is no build, or (unless told not to) when its sources changed since. */
async function ensureRendererBuilt(ctx: CliContext, root: string, rendererDir: string, mayBuild: boolean): Promise<void> {
  const index = path.join(rendererDir, 'index.html')
  const built = existsSync(index)
  if (built && !mayBuild) return
  if (!built && !mayBuild) throw new Error(`no built renderer at ${index}; run without --no-build, or build it with npm run build`)
  const sourcesChanged = () => Math.max(newestMtime(path.join(root, 'src', 'renderer')), newestMtime(path.join(root, 'src', 'shared'))) > statSync(index).mtimeMs
  if (built && !sourcesChanged()) return
  await buildRenderer(ctx, root)
  if (!existsSync(index)) throw new Error(`electron-vite build finished but left no ${index}`)
}

function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      // From here on a second Ctrl-C gets Node's default: end the process at once.
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export async function serve(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, SERVE_USAGE.options)
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`)
  const port = flagInt(args, 'port') ?? 0
  if (port < 0 || port > 65535) throw new UsageError(`--port must be from 0 to 65535 (0 picks a free one), got ${port}`)
  const root = appRoot()
  const rendererDir = path.join(root, 'out', 'renderer')
  await ensureRendererBuilt(ctx, root, rendererDir, !args.flags['no-build'])

  const server = await startWebServer({ core: ctx.core, port, rendererDir })
  ctx.stdout.write(`Benchtop is serving on ${server.url}\n`)
  ctx.stderr.write('open this URL in a browser; Ctrl-C stops\n')
  const signal = await untilStopSignal()
  ctx.stderr.write(`\n${signal}: stopping the runs this process started, then the server (Ctrl-C again to quit now)...\n`)
  await ctx.core.shutdown()
  await server.close()
  return 0
}
