import type { Directives } from '../../behaviour/directives';
import { hashString, randomId, seededRandom } from '../../behaviour/determinism';
import type { Reply } from '../../behaviour/reply';
import type { Frame, StreamPlan } from '../../server/types';
import { faultReply } from './errors';
import { openaiHeaders } from './headers';
import type { OpenAIChatRequest } from './request';
import { azureContentFilterResults, azurePromptFilterResults, finishReason, openaiUsage, type CompletionMeta } from './response';

function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** OpenAI pads chunks with a random `obfuscation` string; ours is derived from the chunk so runs repeat. */
function obfuscation(seedText: string): string {
  const random = seededRandom(hashString(seedText));
  return randomId(1 + Math.floor(random() * 15), random);
}

export function chatCompletionStream(request: OpenAIChatRequest, reply: Reply, meta: CompletionMeta, directives: Directives): StreamPlan {
  const azure = meta.flavour === 'azure';
  const chunk = (choices: Record<string, unknown>[], usage?: unknown): string => {
    const body: Record<string, unknown> = {
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      service_tier: 'default',
      system_fingerprint: meta.systemFingerprint,
      choices,
    };
    if (request.includeUsage) body['usage'] = usage ?? null;
    if (request.includeObfuscation && !azure) body['obfuscation'] = obfuscation(JSON.stringify(choices));
    return sse(body);
  };
  const choice = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => {
    const c: Record<string, unknown> = { index: 0, delta, logprobs: null, finish_reason: finish };
    if (azure && Object.keys(delta).length > 0) c['content_filter_results'] = azureContentFilterResults(false);
    return c;
  };

  const deltas: string[] = [];
  if (reply.kind === 'tool_call') {
    deltas.push(
      chunk([
        choice({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: meta.toolCallId, type: 'function', function: { name: reply.toolName, arguments: '' } }],
          refusal: null,
        }),
      ]),
    );
    for (const piece of reply.pieces) deltas.push(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] })]));
  } else {
    deltas.push(chunk([choice({ role: 'assistant', content: '', refusal: null })]));
    for (const piece of reply.pieces) deltas.push(chunk([choice({ content: piece })]));
  }

  const finishChoice = choice({}, finishReason(reply));
  if (azure && reply.kind === 'text' && reply.finish === 'content_filter') {
    finishChoice['content_filter_results'] = azureContentFilterResults(true);
  }
  const closing: Frame[] = [chunk([finishChoice])];
  if (request.includeUsage) closing.push(chunk([], openaiUsage(request.promptTokens, reply, directives)));
  closing.push(sse('[DONE]'));

  // Group 0 = role delta + first content delta, so "first chunk" always carries content
  // (unless role_first asks for the role-only chunk alone, a chunk delay ahead of the content).
  const [roleDelta = '', firstDelta = '', ...restDeltas] = deltas;
  const preamble: Frame[] = azure ? [sse(azurePromptFilterChunk()), roleDelta] : [roleDelta];
  const head: Frame[][] = directives.roleFirst ? [preamble, [firstDelta]] : [[...preamble, firstDelta]];
  const chunks: Frame[][] = [...head.map((group) => group.filter((f) => f !== '')), ...restDeltas.map((d) => [d]), closing];

  return {
    kind: 'stream',
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...openaiHeaders(meta.flavour) },
    chunks,
    errorFrames(status: number): Frame[] {
      const body = JSON.parse(String(faultReply({ kind: 'status', status, cause: 'injected' }, meta.flavour, meta.model).body)) as unknown;
      return [sse(body)];
    },
  };
}

/** Azure opens every stream with a chunk that only carries the prompt's content-filter verdict. */
function azurePromptFilterChunk(): Record<string, unknown> {
  return { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: azurePromptFilterResults() };
}
