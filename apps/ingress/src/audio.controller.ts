import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { parseTranscriptionRequest, renderTranscription, transcriptionModel } from '@switchyard/openai-api';
import type { AudioUpload, TranscriptFormat } from '@switchyard/openai-api';
import type { TranscriptionRequest } from '@switchyard/contracts';
import type { OneShotParser } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, sendBody } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

/** POST /v1/audio/transcriptions and /v1/audio/translations, as OpenAI serves them (docs/providers.md). */
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
    await this.deps.serving.transcribe({ ...inbound, body: upload }, parser, endpoint, ({ request, response, headers, trace }) =>
      sendBody(this.deps, reply, endpoint, renderTranscription(request, response, format), headers, trace),
    );
  }
}
