import { describe, expect, it } from 'vitest'
import { isTextTarget, KeyReader, SHORTCUTS } from '../../../src/renderer/src/shortcuts/keymap'

describe('reading key presses into shortcuts', () => {
  it('completes two-key sequences and single keys', () => {
    const r = new KeyReader()
    expect(r.press({ key: 'g' })).toBeNull()
    expect(r.waiting).toBe(true)
    expect(r.press({ key: 'r' })).toBe('go-runs')
    expect(r.press({ key: 'g' })).toBeNull()
    expect(r.press({ key: 'c' })).toBe('go-compare')
    // Without the g, c compares the selection.
    expect(r.press({ key: 'c' })).toBe('compare-selected')
    expect(r.press({ key: 'C' })).toBe('cancel-selected')
    expect(r.press({ key: '?' })).toBe('help')
    expect(r.press({ key: '/' })).toBe('filter')
    expect(r.press({ key: 'j' })).toBe('next-run')
  })

  it('forgets a started sequence at any other key, and the other key still counts', () => {
    const r = new KeyReader()
    r.press({ key: 'g' })
    expect(r.press({ key: 'j' })).toBe('next-run')
    expect(r.press({ key: 'r' })).toBeNull()
    r.press({ key: 'g' })
    expect(r.press({ key: 'q' })).toBeNull()
    expect(r.waiting).toBe(false)
  })

  it('leaves keys with Ctrl, Cmd or Alt to the browser, and letters typed in a field to the field', () => {
    const r = new KeyReader()
    expect(r.press({ key: 'c', ctrlKey: true })).toBeNull()
    expect(r.press({ key: 'r', metaKey: true })).toBeNull()
    expect(r.press({ key: 'j', inField: true })).toBeNull()
    expect(r.press({ key: '?', inField: true })).toBeNull()
    expect(r.press({ key: 'Escape', inField: true })).toBe('escape')
  })

  it('has one shortcut per key sequence, each with a label', () => {
    const seqs = SHORTCUTS.map((s) => s.keys.join(' '))
    expect(new Set(seqs).size).toBe(seqs.length)
    for (const s of SHORTCUTS) expect(s.label.length).toBeGreaterThan(5)
    // The list the issue asks for: go to Runs / New run / Compare, filter, select, compare, cancel.
    const actions = SHORTCUTS.map((s) => s.action)
    for (const a of ['go-runs', 'go-new', 'go-compare', 'filter', 'next-run', 'toggle-select', 'compare-selected', 'cancel-selected', 'escape'] as const) expect(actions).toContain(a)
  })

  it('knows which elements take text', () => {
    const el = (tag: string, type?: string) => ({ tagName: tag.toUpperCase(), type, isContentEditable: false }) as unknown as EventTarget
    expect(isTextTarget(el('input', 'text'))).toBe(true)
    expect(isTextTarget(el('input', 'search'))).toBe(true)
    expect(isTextTarget(el('input', 'checkbox'))).toBe(false)
    expect(isTextTarget(el('textarea'))).toBe(true)
    expect(isTextTarget(el('select'))).toBe(true)
    expect(isTextTarget(el('button'))).toBe(false)
    expect(isTextTarget(null)).toBe(false)
  })
})
