/**
 * Light or dark: the user's choice (system, light, dark), kept in the app's settings through the
 * API, and the theme it comes to on this screen. Applying it sets `data-theme` on <html>; the
 * stylesheet's variables and the charts (charts/chartTheme.ts) follow from there.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { THEME_PREFERENCES, type ThemePreference } from '../../../shared/settings'
import { useApi } from '../api'
import { pageColoursVersion } from '../charts/pagePalette'
import { errorMessage } from '../components/format'

export type ResolvedTheme = 'light' | 'dark'

/** The last choice, so the next start paints in the right colours before the settings arrive. */
const CACHE_KEY = 'benchtop.theme'

function cachedPreference(): ThemePreference {
  try {
    const value = localStorage.getItem(CACHE_KEY)
    return THEME_PREFERENCES.includes(value as ThemePreference) ? (value as ThemePreference) : 'system'
  } catch {
    return 'system'
  }
}

function systemQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
}

export function resolveTheme(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemDark ? 'dark' : 'light'
  return preference
}

export const useThemeStore = defineStore('theme', () => {
  const preference = ref<ThemePreference>(cachedPreference())
  const systemDark = ref(systemQuery()?.matches ?? false)
  const resolved = ref<ResolvedTheme>(resolveTheme(preference.value, systemDark.value))
  const error = ref<string | null>(null)
  const saving = ref(false)
  let started = false

  /** Sets the attribute first, then `resolved`: whoever watches `resolved` reads the new colours. */
  function apply(): void {
    const next = resolveTheme(preference.value, systemDark.value)
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = next
    resolved.value = next
    pageColoursVersion.value++
    try {
      localStorage.setItem(CACHE_KEY, preference.value)
    } catch {
      // Storage can be off (private windows): the settings file still has the choice.
    }
  }

  /** Applies the cached choice, follows the system's, then reads the saved one. */
  function start(): void {
    if (started) return
    started = true
    apply()
    systemQuery()?.addEventListener('change', (e) => {
      systemDark.value = e.matches
      apply()
    })
    void useApi()
      .getSettings()
      .then((view) => {
        preference.value = view.settings.theme
        apply()
      })
      .catch(() => {
        // The Settings page shows why settings cannot be read; the page keeps the cached theme.
      })
  }

  /** Switches now and saves the choice; on a refusal, goes back and says why. */
  async function choose(next: ThemePreference): Promise<void> {
    const before = preference.value
    preference.value = next
    apply()
    error.value = null
    saving.value = true
    try {
      await useApi().updateSettings({ theme: next })
    } catch (e) {
      preference.value = before
      apply()
      error.value = errorMessage(e)
    } finally {
      saving.value = false
    }
  }

  /** The settings were saved elsewhere (the Settings page's other fields come back with the theme). */
  function adopt(next: ThemePreference): void {
    preference.value = next
    apply()
  }

  const isDark = computed(() => resolved.value === 'dark')
  return { preference, resolved, isDark, systemDark, error, saving, start, choose, adopt }
})
