/** The model view: a model's layers grouped into the rows the app and the command line show. */
export { groupBlocks, isResNetLayout, type LayerRow } from './blocks'
export { layerRows } from './layerRows'
export { isGeneratedName, readableLayerNames } from './layerNames'
