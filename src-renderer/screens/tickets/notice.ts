// A success message carried across one navigation (filing → the new ticket's page).
let pending: string | null = null;

export function rememberNotice(text: string): void {
  pending = text;
}

export function takeNotice(): string | null {
  const text = pending;
  pending = null;
  return text;
}
