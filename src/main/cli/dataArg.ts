/**
 * The command line is the one client whose working folder is the user's: it resolves relative
 * paths itself before calling the core, which takes only data set ids and absolute paths
 * (core/inputPaths.ts).
 */
import path from 'node:path'
import type { BenchtopCore } from '../core/benchtopCore'

/** `--data`: a known data set id as given, anything else as a path from the working folder. */
export async function resolveDataArg(core: BenchtopCore, data: string | undefined): Promise<string | undefined> {
  if (data === undefined || path.isAbsolute(data)) return data
  const known = (await core.listDatasets()).some((d) => d.id === data)
  return known ? data : path.resolve(data)
}
