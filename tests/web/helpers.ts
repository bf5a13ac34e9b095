/**
 * For the web server tests: a fake core whose events a test fires, a small renderer folder with a
 * secret file beside it (to prove traversal cannot reach it), and raw HTTP requests whose Host,
 * Origin and path are sent exactly as written (fetch would normalise or forbid them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { BenchtopApi, CoreEvent, CoreListener, ExperimentInfo, RunDetail } from '../../src/shared/api'

export const TOKEN = 'a'.repeat(64)
export const INDEX_HTML = '<!doctype html><title>fake renderer</title>'
export const ASSET_JS = 'console.log("asset")'
export const SECRET = 'secret beside the renderer'

export interface FakeCore extends BenchtopApi {
  emit(event: CoreEvent): void
  listenerCount(): number
}

export function fakeCore(): FakeCore {
  const listeners = new Set<CoreListener>()
  const notImplemented = async () => {
    throw new Error('not in the fake core')
  }
  return {
    listExperiments: async () => [{ id: 'shapes-cnn', title: 'Shapes' } as ExperimentInfo],
    engineReport: notImplemented,
    listDatasets: notImplemented,
    importDataset: notImplemented,
    datasetPreview: notImplemented,
    listRuns: async () => [],
    getRun: async (runId: string) => {
      if (runId !== 'run-1') throw new Error(`no run '${runId}'`)
      return { id: 'run-1', name: 'first' } as RunDetail
    },
    readMetric: notImplemented,
    readRunLog: async (runId: string) => `log of ${runId}`,
    readSamples: notImplemented,
    listRunImages: notImplemented,
    readRunImage: notImplemented,
    startRun: notImplemented,
    cancelRun: async () => undefined,
    resumeRun: notImplemented,
    deleteRun: notImplemented,
    restoreRun: notImplemented,
    runDiskUsage: notImplemented,
    trashUsage: notImplemented,
    emptyTrash: notImplemented,
    detectCandidates: notImplemented,
    findFaces: notImplemented,
    uploadInputImage: notImplemented,
    styliseImage: notImplemented,
    lmScore: notImplemented,
    lmSample: notImplemented,
    predictImages: notImplemented,
    modelSummary: notImplemented,
    startStudy: notImplemented,
    listStudies: async () => [],
    getStudy: notImplemented,
    cancelStudy: notImplemented,
    getSettings: notImplemented,
    updateSettings: notImplemented,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit: (event) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
  }
}

/** `<tmp>/renderer/{index.html, assets/app.js, ...}` and `<tmp>/secret.txt` beside it. */
export function rendererFixture(): { rendererDir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-web-'))
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML)
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), ASSET_JS)
  writeFileSync(path.join(rendererDir, 'assets', 'style.css'), 'body { margin: 0 }')
  writeFileSync(path.join(rendererDir, 'assets', 'module.wasm'), Buffer.from([0, 97, 115, 109]))
  writeFileSync(path.join(rendererDir, '.hidden'), SECRET)
  writeFileSync(path.join(dir, 'secret.txt'), SECRET)
  return { rendererDir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface RawRequest {
  method?: string
  headers?: Record<string, string | number>
  body?: string | Buffer
}

/** Host defaults to 127.0.0.1:PORT; a test overrides it (or Origin) through `headers`. */
export function request(port: number, target: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export function withToken(headers: Record<string, string> = {}): Record<string, string> {
  return { 'x-benchtop-token': TOKEN, ...headers }
}

export interface ApiReply {
  ok: boolean
  result?: unknown
  error?: string
}

/** POST /api/call with the token as a header. */
export async function callApi(port: number, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: ApiReply }> {
  const res = await request(port, '/api/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-benchtop-token': TOKEN, ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: JSON.parse(res.body) as ApiReply }
}
