/**
 * Boots jasmine-core the way its boot0.js does in a browser: one env, its interface (describe,
 * it, expect, jasmine, ...) on globalThis. tfjs-core's test files use these globals as they load,
 * so this module is imported before any of them.
 */
import jasmineRequire from 'jasmine-core/lib/jasmine-core/jasmine.js'

const jasmine = jasmineRequire.core(jasmineRequire)
const env = jasmine.getEnv()
Object.assign(globalThis, jasmineRequire.interface(jasmine, env), { jasmine })
// tfjs-core's own runners use 20 s (jasmine_util sets it on a separate jasmine instance).
jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000
// In file order, as tfjs-core's karma and node runners do: some specs share state.
env.configure({ random: false, stopSpecOnExpectationFailure: false })
