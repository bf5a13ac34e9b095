import { describe, expect, it, vi } from 'vitest'
import type { CoreEvent } from '../../src/shared/api'
import { notificationFor, RunNotifier } from '../../src/main/electron/runNotifications'

const ended = (status: string, error: string | null = null): CoreEvent => ({ type: 'run-status', runId: 'r1', status, error }) as CoreEvent

describe('when a run’s end is announced', () => {
  const mine = new Set(['r1'])

  it('announces a run started here that ends while the window is in the background', () => {
    expect(notificationFor(ended('completed'), { startedHere: mine, windowFocused: false, runName: 'cats' })).toEqual({ title: 'cats finished', body: 'Its results are on the run page.' })
    expect(notificationFor(ended('failed', 'data: /x is not a folder\n  at ...'), { startedHere: mine, windowFocused: false })).toEqual({ title: 'r1 failed', body: 'data: /x is not a folder' })
    expect(notificationFor(ended('interrupted'), { startedHere: mine, windowFocused: false })?.title).toBe('r1 was interrupted')
  })

  it('stays quiet in the foreground, for runs started elsewhere, for a cancel and for anything but an end', () => {
    expect(notificationFor(ended('completed'), { startedHere: mine, windowFocused: true })).toBeNull()
    expect(notificationFor(ended('completed'), { startedHere: new Set(), windowFocused: false })).toBeNull()
    expect(notificationFor(ended('cancelled'), { startedHere: mine, windowFocused: false })).toBeNull()
    expect(notificationFor(ended('running'), { startedHere: mine, windowFocused: false })).toBeNull()
    expect(notificationFor({ type: 'log', runId: 'r1', line: 'x' }, { startedHere: mine, windowFocused: false })).toBeNull()
  })

  it('announces each start at most once', () => {
    const show = vi.fn()
    const n = new RunNotifier({ windowFocused: () => false, runName: () => 'cats', show })
    n.started('r1')
    n.onEvent(ended('completed'))
    n.onEvent(ended('completed'))
    expect(show).toHaveBeenCalledTimes(1)
    // Resumed by the user and ended again: announced again.
    n.started('r1')
    n.onEvent(ended('failed', 'boom'))
    expect(show).toHaveBeenLastCalledWith({ title: 'cats failed', body: 'boom' }, 'r1')
  })
})
