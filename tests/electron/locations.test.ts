import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appLocations, isAppResource, isAppUrl, type AppLocations } from '../../src/main/electron/locations'

const prod: AppLocations = {
  preload: '/app/out/preload/index.mjs',
  rendererIndex: '/app/out/renderer/index.html',
  workerFile: '/app/out/main/worker.js',
  devServerUrl: null,
}
const dev: AppLocations = { ...prod, devServerUrl: 'http://localhost:5173' }

describe('appLocations', () => {
  it('resolves the preload, page and worker beside the main bundle', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'benchtop-out-'))
    const main = pathToFileURL(path.join(out, 'main', 'index.js')).href
    const at = appLocations(main, {})
    expect(at).toEqual({
      preload: path.join(out, 'preload', 'index.mjs'),
      rendererIndex: path.join(out, 'renderer', 'index.html'),
      workerFile: path.join(out, 'main', 'worker.js'),
      devServerUrl: null,
    })
    expect(appLocations(main, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).devServerUrl).toBe('http://localhost:5173')
    // A packaged app ignores the variable: it must not point the app at another page.
    expect(appLocations(main, { ELECTRON_RENDERER_URL: 'http://evil.example' }, true).devServerUrl).toBeNull()
  })

  it('prefers a CommonJS preload build, which a sandboxed window can load', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'benchtop-out-'))
    mkdirSync(path.join(out, 'preload'))
    writeFileSync(path.join(out, 'preload', 'index.cjs'), '')
    expect(appLocations(pathToFileURL(path.join(out, 'main', 'index.js')).href, {}).preload).toBe(path.join(out, 'preload', 'index.cjs'))
  })
})

describe('isAppUrl', () => {
  it('is the built page on benchtop://app/ only, with any hash or query; never a file: URL', () => {
    expect(isAppUrl('benchtop://app/index.html', prod)).toBe(true)
    expect(isAppUrl('benchtop://app/index.html#/runs/x?tab=metrics', prod)).toBe(true)
    expect(isAppUrl('benchtop://app/other.html', prod)).toBe(false)
    expect(isAppUrl('benchtop://other/index.html', prod)).toBe(false)
    expect(isAppUrl('benchtop://app:1/index.html', prod)).toBe(false)
    expect(isAppUrl('file:///app/out/renderer/index.html', prod)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', prod)).toBe(false)
    expect(isAppUrl('file://evil.example/app/out/renderer/index.html', prod)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', prod)).toBe(false)
    expect(isAppUrl('not a url', prod)).toBe(false)
  })

  it('is the dev server origin in development', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5173/#/runs', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('file:///app/out/renderer/index.html', dev)).toBe(false)
  })
})

describe('isAppResource', () => {
  it('covers what the app serves, not the rest of the disk or the web', () => {
    expect(isAppResource('benchtop://app/assets/index-abc.js', prod)).toBe(true)
    expect(isAppResource('benchtop://app/index.html', prod)).toBe(true)
    expect(isAppResource('file:///app/out/renderer/index.html', prod)).toBe(false)
    expect(isAppResource('https://example.com/x.js', prod)).toBe(false)
    expect(isAppResource('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAppResource('https://cdn.example.com/x.js', dev)).toBe(false)
  })
})
