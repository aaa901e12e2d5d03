import { type DragEvent, useId, useState } from 'react'
import { formatBytes } from '../lib/format.ts'

/** A chosen file: its name, size and raw bytes (decoded by the caller, strictly). */
export type ChosenFile = { name: string; size: number; bytes: Uint8Array }

type CsvDropzoneProps = {
  label: string
  file: ChosenFile | null
  onFile: (file: ChosenFile) => void
  /** Largest accepted size in bytes; bigger files are refused here with a message. */
  maxBytes?: number
}

/** Drag-and-drop area for a CSV file that also opens the file picker on click or Enter. */
export function CsvDropzone({ label, file, onFile, maxBytes = 50 * 1024 * 1024 }: CsvDropzoneProps) {
  const inputId = useId()
  const [over, setOver] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const take = async (picked: File | undefined): Promise<void> => {
    if (!picked) return
    if (picked.size > maxBytes) {
      setError(`${picked.name} is ${formatBytes(picked.size)}; the limit is ${formatBytes(maxBytes)}.`)
      return
    }
    setError(null)
    onFile({ name: picked.name, size: picked.size, bytes: new Uint8Array(await picked.arrayBuffer()) })
  }

  const onDrop = (event: DragEvent<HTMLLabelElement>): void => {
    event.preventDefault()
    setOver(false)
    void take(event.dataTransfer.files[0])
  }

  return (
    <div>
      <label
        htmlFor={inputId}
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept=".csv,text/csv"
          data-testid="csv-input"
          onChange={(event) => {
            void take(event.target.files?.[0])
            event.target.value = ''
          }}
        />
        <strong>{label}</strong>
        <span>
          {file
            ? `${file.name} · ${formatBytes(file.size)} — drop another file to replace it`
            : 'Drop a .csv file here, or click to choose one'}
        </span>
      </label>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  )
}
