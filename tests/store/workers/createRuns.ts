/** Worker for the concurrency test: creates `count` runs and prints their ids, one a line. */
import { RunStore } from '../../../src/main/store'

const [home, count] = process.argv.slice(2)
if (!home || !count) throw new Error('usage: createRuns.ts <home> <count>')
const store = new RunStore(home)
const ids: string[] = []
for (let i = 0; i < Number(count); i++) {
  ids.push(store.createRun({ experiment: 'race', preset: 'quick', seed: i, params: {} }).id)
}
process.stdout.write(ids.join('\n') + '\n')
