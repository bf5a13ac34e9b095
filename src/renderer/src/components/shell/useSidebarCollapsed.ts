import { ref, type Ref } from 'vue'

/** The sidebar's state is this screen's, not a setting: kept in the browser's storage. */
const SIDEBAR_KEY = 'benchtop.sidebar'
/** Below this window width the sidebar starts collapsed (unless the user opened it before). */
const NARROW_WIDTH = 900

function initialCollapsed(): boolean {
  try {
    const saved = localStorage.getItem(SIDEBAR_KEY)
    if (saved === 'collapsed' || saved === 'expanded') return saved === 'collapsed'
  } catch {
    // No storage: decide by the width.
  }
  return typeof window !== 'undefined' && window.innerWidth > 0 && window.innerWidth < NARROW_WIDTH
}

/**
 * Whether the sidebar is collapsed: the last choice remembered in localStorage, else collapsed
 * in a narrow window. `toggle` flips it and remembers the choice.
 */
export function useSidebarCollapsed(): { collapsed: Readonly<Ref<boolean>>; toggle: () => void } {
  const collapsed = ref(initialCollapsed())
  function toggle(): void {
    collapsed.value = !collapsed.value
    try {
      localStorage.setItem(SIDEBAR_KEY, collapsed.value ? 'collapsed' : 'expanded')
    } catch {
      // Kept for this page only.
    }
  }
  return { collapsed, toggle }
}
