/**
 * Entry point of the inference process: every kind of inference on finished runs and the app's
 * pretrained models (handlers.ts), with their models cached here, never in the process that
 * serves the UI. The core starts one on its first request and keeps it (host.ts).
 */
import { loadHandler } from './handlers'
import { openInferencePort } from './port'
import { serveInference } from './server'

serveInference(openInferencePort(), loadHandler)
