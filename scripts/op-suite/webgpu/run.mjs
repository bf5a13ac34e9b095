#!/usr/bin/env node
/**
 * `npm run test:ops:webgpu`: tfjs-core's own op tests against the `webgpu` backend (Dawn), for
 * every kernel the experiments train with (kernels.mjs). Here on SwiftShader, Debian chromium's
 * software Vulkan driver; with --hardware on the machine's GPU (scripts/gpu-check.sh). Ends with
 * one JSON line {"passed":N,"failed":N,"excluded":N[,"skipped":"why"]}; exit code 0 only when nothing failed.
 *
 *   node scripts/op-suite/webgpu/run.mjs [--hardware] [--grep TEXT]
 *
 * Without --hardware and without VK_ICD_FILENAMES it points Dawn at SwiftShader. Where SwiftShader
 * is absent it skips, saying why; under CI=true that is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleAndRun, finisher, parseArgs } from '../bundle.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..', '..')
const outfile = path.join(root, 'node_modules', '.cache', 'benchtop-op-suite', `webgpu-suite-${process.pid}.mjs`)
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
const label = 'op-suite (webgpu)'
const finish = finisher(outfile)

async function main() {
  const options = parseArgs(process.argv.slice(2), { flags: ['hardware'], label, usage: 'node scripts/op-suite/webgpu/run.mjs [--hardware] [--grep TEXT]', finish })
  if (!options.hardware && !process.env.VK_ICD_FILENAMES) {
    if (!existsSync(SWIFTSHADER_ICD)) {
      const why = `SwiftShader's Vulkan ICD (${SWIFTSHADER_ICD}) is absent: install Debian's chromium package`
      if (process.env.CI === 'true') {
        console.log(`${label}: FAILED: ${why} (required under CI=true)`)
        finish({ passed: 0, failed: 1, excluded: 0 })
      }
      console.log(`${label}: skipped: ${why}`)
      finish({ passed: 0, failed: 0, excluded: 0 }, why)
    }
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
  }
  if (!process.env.XDG_RUNTIME_DIR) {
    process.env.XDG_RUNTIME_DIR = path.join(os.tmpdir(), `benchtop-xdg-${process.getuid?.() ?? 0}`)
    mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 })
  }
  await bundleAndRun({
    label,
    options,
    finish,
    prepare: async (suite) => console.log(`${label}: adapter ${await suite.openAdapter(options)}`),
    bundleOptions: {
      root,
      resolveDir: here,
      sourcefile: 'op-suite-webgpu-entry.mjs',
      outfile,
      setupLines: ["import '../jasmine-globals.mjs'", "export { runSuite, openAdapter } from './suite.mjs'"],
      // tfjs-core, the cpu and webgpu backends and Dawn come from Node (CommonJS, as in the app).
      external: /^(@tensorflow\/tfjs-(core|backend-cpu|backend-webgpu)|webgpu)$/,
    },
  })
}

main().catch((error) => {
  console.log(`${label}: FAILED: ${error instanceof Error ? error.stack : String(error)}`)
  finish({ passed: 0, failed: 1, excluded: 0 })
})
