/** Object detection: CenterNet (COCO) with Benchtop's own decoding and NMS. See README.md. */
export { area, intersection, iou, type Box } from '../../shared/detection/iou'
export { nms, nmsDetections, nmsReference, type NmsOptions, type NmsResult, type ScoredBox } from '../../shared/detection/nms'
export { COCO_LABELS, labelOf } from '../../shared/detection/labels'
export { decodeCenterNet, toOriginal, type DenseOutputs, type InputTransform, type RawCandidate } from './decode'
export { ImageReadError, imageSize, prepareImage, readRgb, type FitMode, type ImageSource, type PreparedImage } from './image'
export { CENTERNET, CenterNet, DETECTOR_KERNELS, centernetFiles, fileHandler } from './centernet'
export { INFERENCE_ORDER, activateBackend, selectInferenceBackend, tfBackendName, type BackendChoice } from './backend'
export { CANDIDATE_MIN_SCORE, CANDIDATE_TOP_K, DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE } from '../../shared/detection/defaults'
export {
  Detector,
  type Candidate,
  type CandidateResult,
  type DetectionResult,
  type DetectOptions,
} from './detector'
export { ANNOTATE_MAX_SIDE, classColour, drawBox, writeAnnotated, type Annotation } from './annotate'
