/**
 * Whether a process id belongs to a live process on this machine. Used to tell a run whose owner
 * crashed (it will never finish) from one that is still going, and a stale lock from a held one.
 */

export function isProcessAlive(pid: number | null | undefined): boolean {
  // pid 0 and negative pids address whole process groups in kill(2); they never name an owner.
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    // Signal 0 checks existence and permission without delivering anything.
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
