/** The text of the input or select an event came from. */
export function inputValue(event: Event): string {
  return (event.target as HTMLInputElement | HTMLSelectElement).value
}
