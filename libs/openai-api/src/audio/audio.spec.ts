import { ApiError } from '@switchyard/api-errors';
import { TranscriptionResponse } from '@switchyard/contracts';
import { parseMultipartForm } from './multipart-form';
import { parseTranscriptionRequest } from './parse-transcription-request';
import { renderTranscription } from './render-transcription';

const TYPE = 'multipart/form-data; boundary=b0und';
const form = (...parts: string[]) => Buffer.from(`${parts.map((p) => `--b0und\r\n${p}\r\n`).join('')}--b0und--\r\n`, 'latin1');
const field = (name: string, value: string) => `content-disposition: form-data; name="${name}"\r\n\r\n${value}`;
const file = (name: string, data: string) =>
  `content-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: audio/wav\r\n\r\n${data}`;

const refusal = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
  }
  throw new Error('expected an ApiError');
};

describe('multipart forms', () => {
  it('reads text fields and a file, binary data intact (even with CRLF inside)', () => {
    const parts = parseMultipartForm(form(field('model', 'whisper-1'), file('a.wav', 'RI\r\nFF')), TYPE);
    expect(parts.map((p) => p.name)).toEqual(['model', 'file']);
    expect(parts[1]).toMatchObject({ filename: 'a.wav', contentType: 'audio/wav' });
    expect(parts[1]!.data.toString('latin1')).toBe('RI\r\nFF');
  });

  it('refuses a body without its closing boundary, another content type, and a part without a name', () => {
    expect(refusal(() => parseMultipartForm(Buffer.from('--b0und\r\n' + field('model', 'x')), TYPE)).code).toBe('invalid_multipart_body');
    expect(refusal(() => parseMultipartForm(form(field('model', 'x')), 'application/json')).code).toBe('invalid_content_type');
    expect(refusal(() => parseMultipartForm(form('content-disposition: form-data\r\n\r\nx'), TYPE)).code).toBe('invalid_multipart_body');
  });
});

describe('transcription forms', () => {
  const parse = (...parts: string[]) => parseTranscriptionRequest({ contentType: TYPE, body: form(...parts), translate: false });

  it('asks for segments when the answer is rendered from them, and for words only when named', () => {
    expect(parse(file('a.wav', 'x'), field('model', 'whisper-1'), field('response_format', 'srt')).request.segmentTimestamps).toBe(true);
    const words = parse(
      file('a.wav', 'x'),
      field('model', 'whisper-1'),
      field('response_format', 'verbose_json'),
      field('timestamp_granularities[]', 'word'),
    );
    expect(words.request).toMatchObject({ wordTimestamps: true, segmentTimestamps: false });
    expect(parse(file('a.wav', 'x'), field('model', 'whisper-1')).request).toMatchObject({
      wordTimestamps: false,
      segmentTimestamps: false,
    });
  });

  it('refuses a wrong container, an unknown field, timestamps without verbose_json and a bad temperature', () => {
    expect(refusal(() => parse(file('a.txt', 'x'), field('model', 'whisper-1'))).code).toBe('invalid_file_format');
    expect(refusal(() => parse(file('a.wav', 'x'), field('model', 'whisper-1'), field('colour', 'red'))).param).toBe('colour');
    expect(refusal(() => parse(file('a.wav', 'x'), field('model', 'whisper-1'), field('timestamp_granularities[]', 'word'))).param).toBe(
      'timestamp_granularities',
    );
    expect(refusal(() => parse(file('a.wav', 'x'), field('model', 'whisper-1'), field('temperature', '2'))).param).toBe('temperature');
    expect(refusal(() => parse(field('model', 'whisper-1'))).param).toBe('file');
  });
});

describe('transcript rendering', () => {
  const response = TranscriptionResponse.fromPartial({
    text: 'Hello there. General Kenobi.',
    durationSeconds: 3723.5,
    segments: [
      { id: 0, start: 0, end: 1.25, text: ' Hello there.' },
      { id: 1, start: 3661.001, end: 3723.5, text: ' General Kenobi.' },
    ],
  });
  const request = parseTranscriptionRequest({
    contentType: TYPE,
    body: form(file('a.wav', 'x'), field('model', 'whisper-1')),
    translate: false,
  }).request;

  it('writes SRT and WebVTT cues with their own clock formats', () => {
    expect(renderTranscription(request, response, 'srt').body).toBe(
      '1\n00:00:00,000 --> 00:00:01,250\nHello there.\n\n2\n01:01:01,001 --> 01:02:03,500\nGeneral Kenobi.\n\n',
    );
    expect(renderTranscription(request, response, 'vtt').body).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHello there.\n\n01:01:01.001 --> 01:02:03.500\nGeneral Kenobi.\n\n',
    );
    expect(renderTranscription(request, response, 'text')).toEqual({
      body: 'Hello there. General Kenobi.\n',
      contentType: 'text/plain; charset=utf-8',
    });
  });
});
