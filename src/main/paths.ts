import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

let cachedRoot: string | null = null

/** The folder holding Benchtop's package.json, found by walking up from this file (source or build). */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = path.join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'benchtop') {
      cachedRoot = dir
      return dir
    }
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('cannot find the benchtop package folder above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version
}

/** Where runs and datasets live: $BENCHTOP_HOME, else ~/.benchtop. */
export function benchtopHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.BENCHTOP_HOME?.trim()
  return path.resolve(home ? home : path.join(os.homedir(), '.benchtop'))
}
