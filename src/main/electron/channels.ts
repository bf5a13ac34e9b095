/**
 * The IPC channel names shared by main and the preload. Plain constants (no `electron` import) so
 * the preload bundle can include them without pulling in anything of main.
 */

/** renderer → main: `invoke(CALL_CHANNEL, method, args)` runs one API method of the core. */
export const CALL_CHANNEL = 'benchtop:call'

/** renderer → main: opens the native folder picker; resolves the folder or null. */
export const PICK_DIRECTORY_CHANNEL = 'benchtop:pick-directory'

/** main → renderer: one `CoreEvent` per message. */
export const EVENT_CHANNEL = 'benchtop:event'

/** renderer → main: `invoke(SHOW_IN_FOLDER_CHANNEL, runId?)` opens the file manager on a run's folder (or the runs folder). */
export const SHOW_IN_FOLDER_CHANNEL = 'benchtop:show-in-folder'

/** main → renderer: the name of an application-menu command for the page (menuTemplate.ts). */
export const MENU_CHANNEL = 'benchtop:menu'
