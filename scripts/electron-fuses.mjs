#!/usr/bin/env node
/**
 * Flips the Electron fuses of a packaged Benchtop (run it on the app's Electron binary after
 * packaging, before signing):
 *
 *   node scripts/electron-fuses.mjs path/to/Benchtop            (Linux/Windows executable)
 *   node scripts/electron-fuses.mjs path/to/Benchtop.app        (macOS)
 *
 * Each fuse closes a way to make the signed app run something else:
 *   RunAsNode off                          ELECTRON_RUN_AS_NODE=1 would turn it into plain Node
 *   EnableNodeOptionsEnvironmentVariable off  NODE_OPTIONS=--require ... would inject code
 *   EnableNodeCliInspectArguments off      --inspect would open a debugger into the main process
 *   EnableEmbeddedAsarIntegrityValidation on  a modified app.asar is refused (macOS, Windows)
 *   OnlyLoadAppFromAsar on                 no loose app/ folder is loaded instead of app.asar
 *   EnableCookieEncryption on              cookies on disk are encrypted with the OS keychain
 */
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

export const BENCHTOP_FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) {
  const target = process.argv[2]
  if (!target) {
    console.error('usage: node scripts/electron-fuses.mjs PATH_TO_PACKAGED_ELECTRON_APP')
    process.exit(2)
  }
  await flipFuses(target, { ...BENCHTOP_FUSES, resetAdHocDarwinSignature: process.platform === 'darwin' && target.endsWith('.app') })
  console.log(`fuses set on ${target}`)
}
