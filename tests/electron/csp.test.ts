/** The meta CSP of the built page says what the header says, widened only for the web mode's socket. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/csp'

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))

describe('the Content-Security-Policy meta tag', () => {
  it('has every directive of the header (frame-ancestors only works as a header), connect-src adding only the local WebSocket', () => {
    const html = readFileSync(path.join(__dirname, '..', '..', 'src', 'renderer', 'index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]
    const header = directives(CONTENT_SECURITY_POLICY)
    const page = directives(meta)
    header.delete('frame-ancestors')
    for (const [name, values] of header) {
      if (name === 'connect-src') expect(page.get(name)).toEqual([...values, 'ws://127.0.0.1:*', 'ws://localhost:*'])
      else expect(page.get(name), name).toEqual(values)
    }
    expect([...page.keys()].sort()).toEqual([...header.keys()].sort())
  })
})
