/**
 * The one error type of the datasets module for problems with the user's data (missing folder,
 * unknown layout, bad IDX file, ...). `path` names the file or folder at fault so a front end can
 * show it next to the message; programming errors (bad arguments) stay plain RangeErrors.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError'

  constructor(
    message: string,
    /** The file or folder the message is about. */
    readonly path: string,
  ) {
    super(message)
  }
}
