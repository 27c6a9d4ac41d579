import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import {
  parseSpeechRequest,
  parseTranscriptionRequest,
  renderTranscription,
  SPEECH_FORMATS,
  speechBytes,
  speechEvents,
  SSE_HEADERS,
  transcriptEvents,
  transcriptionModel,
} from '@switchyard/openai-api';
import type { AudioFrames, AudioUpload, ParsedSpeech, TranscriptFormat } from '@switchyard/openai-api';
import type { SpeechRequest, TranscriptionRequest } from '@switchyard/contracts';
import type { OneShotParser } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendBody, streamTransport } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

/** /v1/audio/transcriptions, /v1/audio/translations and /v1/audio/speech, as OpenAI serves them (docs/providers.md). */
@Controller('v1/audio')
export class AudioController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('transcriptions')
  transcribe(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(req, reply, false);
  }

  @Post('translations')
  translate(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(req, reply, true);
  }

  /** The audio is streamed back as it is made: plain bytes, or OpenAI's speech SSE events (stream_format "sse"). */
  @Post('speech')
  async speak(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let parsed: ParsedSpeech | undefined;
    const parser: OneShotParser<unknown, SpeechRequest> = {
      requestedModel,
      parse: (body) => {
        parsed = parseSpeechRequest(body);
        return parsed.request;
      },
    };
    await this.deps.serving.speak(httpInbound(req, 'openai'), parser, {
      stream: (request, context) => {
        const sse = parsed?.streamFormat === 'sse';
        const headers = sse ? SSE_HEADERS : { 'content-type': SPEECH_FORMATS[request.responseFormat] ?? 'application/octet-stream' };
        return {
          renderer: sse ? speechEvents() : speechBytes(),
          transport: streamTransport<string | Buffer>(reply, context.requestId, headers, sse),
        };
      },
    });
  }

  private async serve(req: FastifyRequest, reply: FastifyReply, translate: boolean): Promise<void> {
    const inbound = httpInbound(req, 'openai');
    const upload: AudioUpload = {
      contentType: req.headers['content-type'],
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      translate,
    };
    let format: TranscriptFormat = 'json';
    const parser: OneShotParser<AudioUpload, TranscriptionRequest> = {
      requestedModel: transcriptionModel,
      parse: (u) => {
        const parsed = parseTranscriptionRequest(u);
        format = parsed.format;
        return parsed.request;
      },
    };
    const endpoint = translate ? 'audio.translations' : 'audio.transcriptions';
    await this.deps.serving.transcribe(
      { ...inbound, body: upload },
      parser,
      endpoint,
      ({ request, response, headers, trace }) =>
        sendBody(this.deps, reply, endpoint, renderTranscription(request, response, format), headers, trace),
      {
        stream: (_request, context) => ({
          renderer: transcriptEvents() as AudioFrames,
          transport: streamTransport<string | Buffer>(reply, context.requestId, SSE_HEADERS, true),
        }),
      },
    );
  }
}
