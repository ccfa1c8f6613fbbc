/** Bad input from the person at the terminal: exit 2 with a clear message, nothing changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}
