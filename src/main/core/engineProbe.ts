import type { EngineReport } from '../../shared/api'
import { hostInfo } from '../engine/host'
import type { Launcher } from '../training/launcher'

/** Runs the backend doctor in a training process, where backends are loaded, never in the UI's process. */
export function probeEngine(launcher: Launcher, required: string[] = [], timeoutMs = 120_000, listed?: string[]): Promise<EngineReport> {
  return new Promise((resolve, reject) => {
    const child = launcher({ logPath: null })
    let settled = false
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      child.kill('SIGKILL')
      reject(new Error(`the backend doctor did not answer within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.onMessage((message) => {
      if (settled) return
      if (message.type === 'engine') {
        settled = true
        clearTimeout(timer)
        resolve({ backends: message.backends, selected: message.selected, host: hostInfo(), versions: message.versions })
      } else if (message.type === 'error') {
        settled = true
        clearTimeout(timer)
        reject(new Error(`backend doctor failed: ${message.message}`))
      }
    })
    child.onExit((code, signal) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(new Error(`the backend doctor's process ended (${signal ?? `exit code ${code}`}) without a report`))
    })
    child.send({ type: 'doctor', required, listed })
  })
}
