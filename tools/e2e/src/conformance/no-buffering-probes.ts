import type Anthropic from '@anthropic-ai/sdk';
import type { MockProvider } from '@switchyard/mock-provider';
import type OpenAI from 'openai';
import { check } from './check';
import type { Cell } from './matrix';

const FIRST_CHUNK_WAIT_MS = 15_000;

/**
 * Resolves with the first item `next` yields that `pick` accepts; if none
 * arrives in time (the gateway buffered), releases the hold so nothing hangs and fails.
 */
async function firstWhileHeld<T>(
  next: () => Promise<IteratorResult<T>>,
  pick: (item: T) => string,
  mock: MockProvider,
  token: string,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      mock.release(token);
      reject(new Error(`no chunk reached the client within ${FIRST_CHUNK_WAIT_MS} ms while the provider held the rest of the stream`));
    }, FIRST_CHUNK_WAIT_MS);
  });
  const first = (async () => {
    for (;;) {
      const step = await next();
      check(!step.done, 'the stream ended before any content');
      const text = pick(step.value);
      if (text) return text;
    }
  })();
  try {
    return await Promise.race([first, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The mock sends its first content chunk and then holds the rest until
 * released. The first chunk must reach the client before the release, and the
 * release must find the stream still held: nothing on the way buffered it.
 */
export async function openAiFirstChunk(client: OpenAI, mock: MockProvider, model: string, token: string): Promise<Cell> {
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    messages: [{ role: 'user', content: `Hold the rest [[mock:hold=${token}]]` }],
  });
  const iterator = stream[Symbol.asyncIterator]();
  const first = await firstWhileHeld(
    () => iterator.next(),
    (chunk) => chunk.choices[0]?.delta.content ?? '',
    mock,
    token,
  );
  const released = mock.release(token);
  check(released === 1, `the provider still held the stream when its first chunk reached the client (released ${released})`);
  let rest = '';
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) rest += step.value.choices[0]?.delta.content ?? '';
  check(/^Mock reply from /.test(first + rest) && rest.length > 0, `the whole reply arrives after the release: ${first}|${rest}`);
  return { outcome: 'pass' };
}

export async function anthropicFirstChunk(client: Anthropic, mock: MockProvider, model: string, token: string): Promise<Cell> {
  const stream = await client.messages.create({
    model,
    max_tokens: 256,
    stream: true,
    messages: [{ role: 'user', content: `Hold the rest [[mock:hold=${token}]]` }],
  });
  const iterator = stream[Symbol.asyncIterator]();
  const pick = (e: Anthropic.RawMessageStreamEvent): string =>
    e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '';
  const first = await firstWhileHeld(() => iterator.next(), pick, mock, token);
  check(mock.release(token) === 1, 'the provider still held the stream when its first text delta reached the client');
  let rest = '';
  let stopped = false;
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
    rest += pick(step.value);
    if (step.value.type === 'message_stop') stopped = true;
  }
  check(stopped && /^Mock reply from /.test(first + rest), `the whole message arrives after the release: ${first}|${rest}`);
  return { outcome: 'pass' };
}
