import { dataUrlToBlob, downloadBlob } from '../../charts/csv'

/** What MetricChart exposes for export. */
export interface ChartHandle {
  exportPng(): string
  exportSvg(): string
  plottedCsv(): string
}

export type ChartExportKind = 'png' | 'svg' | 'csv'

export function isChartHandle(value: unknown): value is ChartHandle {
  return !!value && typeof (value as ChartHandle).exportPng === 'function'
}

/** Downloads the chart as `<base>.<kind>`; throws what the chart or the download threw. */
export function downloadChart(chart: ChartHandle, base: string, kind: ChartExportKind): void {
  if (kind === 'png') downloadBlob(`${base}.png`, dataUrlToBlob(chart.exportPng()))
  else if (kind === 'svg') downloadBlob(`${base}.svg`, new Blob([chart.exportSvg()], { type: 'image/svg+xml' }))
  else downloadBlob(`${base}.csv`, new Blob([chart.plottedCsv()], { type: 'text/csv' }))
}
