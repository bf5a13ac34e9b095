/** Worker for the concurrency test: increments meta.step of one run `count` times via updateMeta. */
import { RunStore } from '../../../src/main/store'

const [home, runId, count] = process.argv.slice(2)
if (!home || !runId || !count) throw new Error('usage: incrementStep.ts <home> <runId> <count>')
// The default 2 s wait suffices here; the longer one only keeps a heavily loaded CI machine from flaking.
const store = new RunStore(home, { lockWaitMs: 10_000 })
for (let i = 0; i < Number(count); i++) store.updateMeta(runId, (meta) => ({ step: meta.step + 1 }))
