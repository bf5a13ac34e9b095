/**
 * The queue coordinators a core has used (cluster/coordinator.ts), one per queue, made on first
 * use: which queue new studies go to (the command line's --queue, else the Settings page's), and
 * the coordinator of a queue a study or run recorded, to follow or cancel its remote runs.
 */
import type { CoreEvent } from '../../shared/api'
import type { QueueCoordinator } from '../cluster/coordinator'
import { queueConnection, type QueueTarget } from '../cluster/connection'
import { readQueueSetting } from '../cluster/settings'
import type { DatasetRegistry } from '../datasets'
import type { RunStore } from '../store'

export interface QueueCoordinatorsOptions {
  home: string
  store: RunStore
  datasets: DatasetRegistry
  emit: (event: CoreEvent) => void
  /** The queue new studies use; undefined: the saved setting; null: none (they train here). */
  queue?: QueueTarget | null
}

export class QueueCoordinators {
  /** By the queue's label (its URL without secrets). */
  private readonly coordinators = new Map<string, QueueCoordinator>()
  private chosen: QueueTarget | null | undefined

  constructor(private readonly options: QueueCoordinatorsOptions) {
    this.chosen = options.queue
  }

  /** Studies started from now on go to this queue's workers (null: they train here). */
  use(target: QueueTarget | null): void {
    this.chosen = target
  }

  /** The queue new studies go to, or null. */
  target(): QueueTarget | null {
    return this.chosen !== undefined ? this.chosen : readQueueSetting(this.options.home)
  }

  /** The coordinator of a queue, connected and answering (throws when it does not). */
  async forTarget(target: QueueTarget): Promise<QueueCoordinator> {
    const connection = queueConnection(target)
    const known = this.coordinators.get(connection.label)
    if (known) return known
    const lost = Number(process.env.BENCHTOP_QUEUE_LOST_MS)
    // BullMQ loads only when a queue is used (the command line imports commands lazily too).
    const { QueueCoordinator } = await import('../cluster/coordinator')
    const { store, datasets, emit } = this.options
    const coordinator = new QueueCoordinator(connection, { store, datasets, emit }, {
      lostAfterMs: Number.isFinite(lost) && lost > 0 ? lost : undefined,
    })
    try {
      await coordinator.ping()
    } catch (error) {
      await coordinator.close()
      throw error
    }
    this.coordinators.set(connection.label, coordinator)
    return coordinator
  }

  /** The coordinator of a queue a study or run recorded (with the configured password when it is that queue); null if unreachable. */
  async ofLabel(label: string): Promise<QueueCoordinator | null> {
    let target: QueueTarget = { url: label }
    try {
      const configured = this.target()
      if (configured && queueConnection(configured).label === label) target = configured
      return await this.forTarget(target)
    } catch (error) {
      process.emitWarning(`could not reach the queue ${label}: ${(error as Error).message}`)
      return null
    }
  }

  /** Stops following queued runs (they go on training on their workers) and closes the connections. */
  async close(): Promise<void> {
    const all = [...this.coordinators.values()]
    this.coordinators.clear()
    await Promise.all(all.map((c) => c.close()))
  }
}
