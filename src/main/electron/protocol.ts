/**
 * Serves the built renderer at `benchtop://app/...` (instead of file://): only files inside the
 * renderer folder, resolved through symlinks and checked like the web mode's static files
 * (web/staticFiles.ts), each with the Content-Security-Policy header. Electron's `protocol` is
 * passed in, so this file runs and is tested without Electron.
 */
import { readFile } from 'node:fs/promises'
import { realpathSync } from 'node:fs'
import { lookupStatic, contentType } from '../web/staticFiles'
import { APP_HOST, APP_SCHEME } from './locations'
import { CONTENT_SECURITY_POLICY } from './csp'

/** The parts of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void
  handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response> | Response): void
}

/**
 * Must run before the app is ready. `standard` gives the scheme real origins and relative URLs,
 * `secure` lets it use what needs a secure context; no CORS, no service workers, no fetch of it
 * from elsewhere.
 */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

export interface AppResponse {
  status: number
  headers: Record<string, string>
  body: Buffer | string
}

/** The answer for one `benchtop:` request: a file of `rendererRoot` (a real path) or a refusal. */
export async function appProtocolResponse(url: string, method: string, rendererRoot: string): Promise<AppResponse> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }
  const refuse = (status: number, text: string): AppResponse => ({ status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: text })
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return refuse(400, 'bad URL')
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refuse(404, 'not found')
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'only GET and HEAD')
  // The raw path, still percent-encoded: lookupStatic decodes it once and refuses `..` and `\`.
  const rawPath = url.slice(`${APP_SCHEME}://${APP_HOST}`.length).split(/[?#]/)[0] || '/'
  const found = lookupStatic(rendererRoot, rawPath)
  if (found.kind === 'bad-path') return refuse(400, 'bad path')
  if (found.kind === 'not-found') return refuse(404, 'not found')
  return { status: 200, headers: { ...headers, 'Content-Type': contentType(found.file) }, body: await readFile(found.file) }
}

/** Call once the app is ready: answers every `benchtop://app/...` request from `rendererDir`. */
export function handleAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, rendererDir: string): void {
  const root = realpathSync(rendererDir)
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appProtocolResponse(request.url, request.method, root)
    // A copy into a plain ArrayBuffer: what every BodyInit typing accepts.
    const body = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body).buffer
    return new Response(request.method === 'HEAD' ? null : body, { status: answer.status, headers: answer.headers })
  })
}
