/**
 * electron-builder's afterPack hook (electron-builder.json): sets Benchtop's Electron fuses
 * (scripts/electron-fuses.mjs) on the packaged app's Electron binary, after the files are copied
 * and before electron-builder signs it, so the signature covers the flipped fuses.
 *
 * `context` is electron-builder's AfterPackContext: `appOutDir` (the unpacked app folder),
 * `electronPlatformName` ('linux', 'win32', 'darwin', 'mas') and `packager` (its `appInfo.productFilename`
 * names the .app and .exe; on Linux `executableName` names the binary).
 */
import path from 'node:path'
import { flipFuses } from '@electron/fuses'
import { BENCHTOP_FUSES } from './electron-fuses.mjs'

/** The Electron binary (or macOS bundle) electron-builder packed, whose fuses are flipped. */
export function packagedElectronPath(context) {
  const platform = context.electronPlatformName
  const name = context.packager.appInfo.productFilename
  if (platform === 'darwin' || platform === 'mas') return path.join(context.appOutDir, `${name}.app`)
  if (platform === 'win32') return path.join(context.appOutDir, `${name}.exe`)
  return path.join(context.appOutDir, context.packager.executableName ?? name)
}

export default async function afterPack(context) {
  const target = packagedElectronPath(context)
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  // Flipping a fuse breaks a macOS bundle's ad-hoc signature; re-sign ad hoc (a real signature follows).
  await flipFuses(target, { ...BENCHTOP_FUSES, resetAdHocDarwinSignature: mac })
  console.log(`Electron fuses set on ${target}`)
}
