/**
 * Images dropped on a zone or picked with a file input (the Detect page, a run's "Try the model"):
 * the drag highlight and the files handed on, and reading each file as a data: URL whose base64
 * part goes to the core.
 */
import { onMounted, onUnmounted, ref, type Ref } from 'vue'

export interface FileDrop {
  /** A drag carrying files is over the zone. */
  dragging: Ref<boolean>
  /** `change` of an `<input type="file">`: hands on its files, then empties it so the same file can be picked again. */
  onPick(event: Event): void
  onDragEnter(event: DragEvent): void
  onDragOver(event: DragEvent): void
  onDragLeave(): void
  onDrop(event: DragEvent): void
}

/** Handlers for a drop zone and its file input; `addFiles` gets every non-empty list of files. */
export function useFileDrop(addFiles: (files: File[]) => unknown): FileDrop {
  const dragging = ref(false)
  // dragenter/dragleave also fire for the zone's children: count them, so leaving a child keeps the highlight.
  let dragDepth = 0

  function hasFiles(event: DragEvent): boolean {
    return !event.dataTransfer || [...event.dataTransfer.types].includes('Files')
  }

  return {
    dragging,
    onPick(event) {
      const input = event.target as HTMLInputElement
      const files = input.files ? Array.from(input.files) : []
      if (files.length) void addFiles(files)
      input.value = ''
    },
    onDragEnter(event) {
      if (!hasFiles(event)) return
      event.preventDefault()
      dragDepth++
      dragging.value = true
    },
    onDragOver(event) {
      if (!hasFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
      dragging.value = true
    },
    onDragLeave() {
      dragDepth = Math.max(0, dragDepth - 1)
      if (dragDepth === 0) dragging.value = false
    },
    onDrop(event) {
      event.preventDefault()
      dragDepth = 0
      dragging.value = false
      const files = event.dataTransfer?.files ? Array.from(event.dataTransfer.files) : []
      if (files.length) void addFiles(files)
    },
  }
}

/**
 * The whole window as a drop target while the calling component is mounted (the Detect and Faces
 * pages: a drop on the sidebar must not make the browser open the file); the page's own zone,
 * with `@drop.stop`, handles its drops first.
 */
export function useWindowFileDrop(drop: FileDrop): void {
  onMounted(() => {
    window.addEventListener('dragenter', drop.onDragEnter)
    window.addEventListener('dragover', drop.onDragOver)
    window.addEventListener('dragleave', drop.onDragLeave)
    window.addEventListener('drop', drop.onDrop)
  })
  onUnmounted(() => {
    window.removeEventListener('dragenter', drop.onDragEnter)
    window.removeEventListener('dragover', drop.onDragOver)
    window.removeEventListener('dragleave', drop.onDragLeave)
    window.removeEventListener('drop', drop.onDrop)
  })
}

/** A File (or any Blob FileReader reads) as a data: URL. */
export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsDataURL(file)
  })
}

/** The bytes of a data: URL as base64 ('' when it has none). */
export function base64Of(dataUrl: string): string {
  const comma = dataUrl.indexOf(',')
  return comma >= 0 ? dataUrl.slice(comma + 1) : ''
}
