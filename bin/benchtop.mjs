#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx benchtop` works in a checkout without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main/cli/main.ts')
const code = await main(process.argv.slice(2))
process.exitCode = code
