/**
 * The one reader of "Authorization: Bearer <credential>" for API keys, admin
 * tokens and the usage API: the credential after "Bearer ", or the bare value
 * (Anthropic's x-api-key carries no scheme). Empty when nothing was presented.
 */
export function presentedCredential(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
}
