import { ApiError } from '@switchyard/api-errors';

/** One part of a multipart/form-data body: a text field, or a file with its name and type. */
export interface FormPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

const malformed = (why: string): ApiError =>
  ApiError.invalidRequest(`The multipart/form-data body could not be read: ${why}.`, null, 'invalid_multipart_body');

/** The boundary of a multipart/form-data content type; a 400 when the type is another or names none. */
export function formBoundary(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data')
    throw ApiError.invalidRequest('The request must be multipart/form-data (it uploads a file).', null, 'invalid_content_type');
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 70) throw malformed('the content type names no valid boundary');
  return boundary;
}

function headerParam(header: string, param: string): string | undefined {
  const match =
    new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${param}=([^;\\s]+)`, 'i').exec(header);
  return match?.[1];
}

function readPart(raw: Buffer): FormPart {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw malformed('a part has no header end');
  const headers = raw.toString('utf8', 0, end).split('\r\n');
  const disposition = headers.find((h) => /^content-disposition:/i.test(h));
  if (!disposition || !/form-data/i.test(disposition)) throw malformed('a part has no form-data content-disposition');
  const name = headerParam(disposition, 'name');
  if (!name) throw malformed('a part has no field name');
  const filename = headerParam(disposition, 'filename');
  const type = headers
    .find((h) => /^content-type:/i.test(h))
    ?.replace(/^content-type:\s*/i, '')
    .trim();
  return { name, data: raw.subarray(end + 4), ...(filename !== undefined && { filename }), ...(type && { contentType: type }) };
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts. Strict: a body
 * that does not open with the boundary, or does not close with it, is a 400,
 * so a truncated upload is never served as a shorter file.
 */
export function parseMultipartForm(body: Buffer, contentType: string | undefined): FormPart[] {
  const boundary = formBoundary(contentType);
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0 || body.subarray(0, at).toString('latin1').trim() !== '') throw malformed('it does not open with its boundary');
  const parts: FormPart[] = [];
  for (;;) {
    const after = at + delimiter.length;
    if (body.toString('latin1', after, after + 2) === '--') return parts;
    if (body.toString('latin1', after, after + 2) !== '\r\n') throw malformed('a boundary line is not ended');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), after + 2);
    if (next < 0) throw malformed('it ends before its closing boundary');
    parts.push(readPart(body.subarray(after + 2, next)));
    at = next + 2;
  }
}
