import type { BenchtopApi } from '../../shared/api'
import { checkCall } from '../../shared/apiMethods'

/**
 * Calls one API method on the core after checking the method name and its arguments. Every
 * transport (Electron IPC, HTTP) goes through here, so no unchecked payload reaches the core.
 */
export async function dispatch(core: BenchtopApi, method: unknown, args: unknown): Promise<unknown> {
  checkCall(method, args)
  const fn = core[method] as (...a: unknown[]) => Promise<unknown>
  return fn.apply(core, args as unknown[])
}
