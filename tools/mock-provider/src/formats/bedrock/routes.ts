import { generateReply } from '../../behaviour/reply';
import { headerValue } from '../../server/http-io';
import { runExchange, type Exchange } from '../../server/pipeline';
import type { HttpReply, Route, RouteContext } from '../../server/types';
import { embedReply, parseEmbedRequest, type BedrockEmbedRequest } from './embeddings';
import { isRecord } from '../../behaviour/config';
import { bedrockErrorReply, bedrockHeaders, faultReply, validation } from './errors';
import { guardrailReply } from './guardrail';
import { parseConverseRequest, type ConverseRequest } from './request';
import { converseReply, toolUseId } from './response';
import { canonicalHeaders, canonicalQuery, canonicalUri, computeSignature, parseAuthorization, sha256Hex, signaturesMatch } from './sigv4';
import { converseStream } from './stream';

const denied = (type: string, message: string): HttpReply => bedrockErrorReply({ status: 403, type, message });

/** Checks a SigV4 Authorization header's shape, and its signature when the secret is configured. */
function authenticate(ctx: RouteContext): HttpReply | null {
  const header = headerValue(ctx.req, 'authorization');
  if (!header) return denied('MissingAuthenticationTokenException', 'Missing Authentication Token');
  // Bedrock API keys are sent as bearer tokens.
  if (/^Bearer\s+\S+/i.test(header)) return null;
  const auth = parseAuthorization(header);
  if (!auth) {
    return denied(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header.split(' ')[0] ?? ''}`,
    );
  }
  if (auth.service !== 'bedrock') return denied('InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock'. ");
  const amzDate = headerValue(ctx.req, 'x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate))
    return denied('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!amzDate.startsWith(auth.date)) {
    return denied(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (!auth.signedHeaders.includes('host'))
    return denied('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

  const secret = ctx.app.options.aws.secretAccessKey;
  if (!secret) return null;
  const expected = computeSignature({
    method: ctx.method,
    canonicalUri: canonicalUri(ctx.rawPath),
    canonicalQuery: canonicalQuery(ctx.query),
    canonicalHeaders: canonicalHeaders(ctx.req.headers, auth.signedHeaders),
    signedHeaders: auth.signedHeaders,
    payloadHash: headerValue(ctx.req, 'x-amz-content-sha256') ?? sha256Hex(ctx.rawBody),
    amzDate,
    date: auth.date,
    region: auth.region,
    service: auth.service,
    secretAccessKey: secret,
  });
  if (!signaturesMatch(expected, auth.signature)) {
    return denied(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return null;
}

function converse(streaming: boolean): Exchange<ConverseRequest> {
  return {
    authenticate,
    parse(ctx) {
      const result = parseConverseRequest(ctx.body, ctx.bodyIsInvalidJson, ctx.params['modelId'] ?? 'unknown');
      if (!result.ok) return { ok: false, reply: bedrockErrorReply(result.error) };
      return { ok: true, value: result.value, markerText: result.markerText, promptTokens: result.value.promptTokens };
    },
    errorReply: (fault) => faultReply(fault),
    promptFilterReply: (request, ctx) => guardrailReply(request, streaming, Date.now() - ctx.startedAt),
    respond(request, { behaviour, directives, ctx }) {
      const reply = generateReply(request.reply, {
        replyWords: behaviour.replyWords,
        contentFilter: directives.contentFilter === true,
        reasoningTokens: directives.reasoningTokens ?? 0,
      });
      const useId = toolUseId();
      const latency = (): number => Date.now() - ctx.startedAt;
      return streaming
        ? converseStream(request, reply, directives, latency, useId)
        : converseReply(request, reply, directives, latency(), useId);
    },
  };
}

const invokeEmbeddings: Exchange<BedrockEmbedRequest> = {
  authenticate,
  parse(ctx) {
    const result = parseEmbedRequest(ctx.body, ctx.bodyIsInvalidJson, decodeURIComponent(ctx.params['modelId'] ?? ''));
    if (!result.ok) return { ok: false, reply: bedrockErrorReply(result.error) };
    return { ok: true, value: result.value, markerText: result.markerText, promptTokens: null };
  },
  errorReply: (fault) => faultReply(fault),
  respond: (request) => embedReply(request),
};

/** CountTokens: {input: {converse: <Converse body>}} -> {inputTokens}, the same count a Converse call reports as usage. */
const countTokens: Exchange<ConverseRequest> = {
  authenticate,
  parse(ctx) {
    const input = isRecord(ctx.body) ? ctx.body['input'] : undefined;
    const converse = isRecord(input) ? input['converse'] : undefined;
    if (!ctx.bodyIsInvalidJson && converse === undefined) {
      return {
        ok: false,
        reply: bedrockErrorReply(
          validation("1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must not be null"),
        ),
      };
    }
    const result = parseConverseRequest(converse, ctx.bodyIsInvalidJson, ctx.params['modelId'] ?? 'unknown');
    if (!result.ok) return { ok: false, reply: bedrockErrorReply(result.error) };
    return { ok: true, value: result.value, markerText: result.markerText, promptTokens: result.value.promptTokens };
  },
  errorReply: (fault) => faultReply(fault),
  respond: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json', ...bedrockHeaders() },
    body: JSON.stringify({ inputTokens: request.promptTokens }),
  }),
};

export const bedrockRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/model\/(?<modelId>[^/]+)\/count-tokens$/,
    family: 'bedrock',
    handle: (ctx) => runExchange(ctx, countTokens),
  },
  {
    method: 'POST',
    pattern: /^\/model\/(?<modelId>[^/]+)\/invoke$/,
    family: 'bedrock',
    handle: (ctx) => runExchange(ctx, invokeEmbeddings),
  },
  {
    method: 'POST',
    pattern: /^\/model\/(?<modelId>[^/]+)\/converse$/,
    family: 'bedrock',
    handle: (ctx) => runExchange(ctx, converse(false)),
  },
  {
    method: 'POST',
    pattern: /^\/model\/(?<modelId>[^/]+)\/converse-stream$/,
    family: 'bedrock',
    handle: (ctx) => runExchange(ctx, converse(true)),
  },
];
