import { randomBytes } from 'node:crypto';

/** One field of a multipart/form-data body: text, or a file with its name and type. */
export type FormField =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly file: Uint8Array; readonly filename: string; readonly contentType: string };

/** A field name or filename inside a quoted header parameter (quotes and line breaks escaped, as browsers do). */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Encodes fields as multipart/form-data (RFC 7578). The boundary is random,
 * so no field can contain it by chance; returns the body and its content type.
 */
export function multipartBody(
  fields: readonly FormField[],
  boundary = `switchyard-${randomBytes(12).toString('hex')}`,
): {
  body: Buffer;
  contentType: string;
} {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const head =
      'file' in field
        ? `content-disposition: form-data; name="${quoted(field.name)}"; filename="${quoted(field.filename)}"\r\ncontent-type: ${field.contentType}`
        : `content-disposition: form-data; name="${quoted(field.name)}"`;
    parts.push(
      Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`),
      'file' in field ? Buffer.from(field.file) : Buffer.from(field.value),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
