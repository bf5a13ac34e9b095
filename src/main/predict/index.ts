/**
 * Using a trained image classifier (shapes-cnn, resnet): load a run's model from a checkpoint,
 * prepare images as training did, rank the classes; and its model view. For the command line
 * (`benchtop predict`) and the core (`predictImages`, `modelSummary`).
 */
export { inferenceBackend } from './backend'
export { buildClassifierModel } from './buildModel'
export { readClassifierRun, NotAClassifierError, type ClassifierRun } from './classifierRun'
export { classifyImages, type ImageInput } from './classifyFiles'
export { chooseCheckpoint, loadClassifier, type Classifier } from './loadClassifier'
export { summarizeClassifier } from './modelSummary'
export { prepareImage } from './preprocess'
export { rankClasses } from './probabilities'
