/**
 * Every handler the inference process knows, by name, each imported on its first request:
 *
 * - the app's own pretrained models: `detect-candidates` (CenterNet), `find-faces` (face-api);
 * - the shared implementations behind a capability, for every experiment that declares it:
 *   `classify` and `model-summary` (`classifier`), `lm-score` and `lm-sample` (`languageModel`);
 * - what an experiment brings itself, in its own folder: `<experiment id>/<capability>`, from its
 *   `capabilities.handlers` (see experiments/README.md). Nothing here names an experiment.
 */
import type { Capability } from '../../shared/api'
import type { AnyExperiment } from '../experiments/contract'
import { EXPERIMENTS, findExperiment } from '../experiments/registry'
import type { HandlerLoader, InferenceHandler } from './contract'

const BUILT_IN: Record<string, HandlerLoader> = {
  'detect-candidates': async () => (await import('../detection/handler')).detectCandidates,
  'find-faces': async () => (await import('../faces/handler')).findFaces,
  classify: async () => (await import('../predict/handler')).classify,
  'model-summary': async () => (await import('../predict/handler')).modelSummary,
  'lm-score': async () => (await import('../lm/handler')).lmScore,
  'lm-sample': async () => (await import('../lm/handler')).lmSample,
}

/** The name of an experiment's own handler for `capability`. */
export function experimentHandlerName(experimentId: string, capability: Capability): string {
  return `${experimentId}/${capability}`
}

/** The experiment's own handler loader for `capability`, if it declares one. */
export function experimentHandler(experiment: AnyExperiment, capability: Capability): HandlerLoader | undefined {
  return (experiment.capabilities.handlers as Partial<Record<Capability, HandlerLoader>> | undefined)?.[capability]
}

/** Every name a request may use, built-ins first. */
export function handlerNames(): string[] {
  const names = Object.keys(BUILT_IN)
  for (const experiment of EXPERIMENTS) {
    for (const capability of Object.keys(experiment.capabilities.handlers ?? {})) names.push(experimentHandlerName(experiment.id, capability as Capability))
  }
  return names
}

export class UnknownHandlerError extends Error {
  override readonly name = 'UnknownHandlerError'
}

/** The loader for `name`; UnknownHandlerError listing the known names otherwise. */
export function findHandlerLoader(name: string): HandlerLoader {
  if (Object.hasOwn(BUILT_IN, name)) return BUILT_IN[name]
  const slash = name.indexOf('/')
  if (slash > 0) {
    const experiment = EXPERIMENTS.find((e) => e.id === name.slice(0, slash))
    const loader = experiment && experimentHandler(experiment, name.slice(slash + 1) as Capability)
    if (loader) return loader
  }
  throw new UnknownHandlerError(`no inference handler named '${name}'; known: ${handlerNames().join(', ')}`)
}

const loaded = new Map<string, Promise<InferenceHandler>>()

/** The handler for `name`, imported once. */
export function loadHandler(name: string): Promise<InferenceHandler> {
  let handler = loaded.get(name)
  if (!handler) {
    handler = Promise.resolve().then(() => findHandlerLoader(name)())
    loaded.set(name, handler)
    handler.catch(() => loaded.delete(name))
  }
  return handler
}

/** For the core: the experiment of a run declares `capability` with a handler of its own. */
export function runHandlerName(experimentId: string, capability: Capability, runId: string): string {
  const experiment = findExperiment(experimentId)
  if (!experimentHandler(experiment, capability)) {
    const which = EXPERIMENTS.filter((e) => experimentHandler(e, capability)).map((e) => e.id)
    throw new Error(`run ${runId} is a ${experimentId} run, which cannot ${capability}${which.length ? `; ${which.join(' and ')} runs can` : ''}`)
  }
  return experimentHandlerName(experimentId, capability)
}
