// The renderer tests are type-checked with tsconfig.node.json: give them what tsconfig.web.json has.
/// <reference path="../../src/renderer/src/env-window.d.ts" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  // Loose on purpose: tests pass and set props (tsc cannot read the props of a .vue file).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const component: DefineComponent<Record<string, any>, Record<string, any>, any>
  export default component
}
