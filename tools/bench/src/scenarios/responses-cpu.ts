import { runLoad } from '../load';
import { startHotPathStack } from '../hot-path-stack';
import { cpuMicrosBetween } from '../process-cpu';
import { BenchScenario, numberArg } from '../scenario';
import { HOT_PATH, hotPathCpu } from './gateway-overhead';

const PROMPT = 'Summarize the benefits of a gateway in one line.';
const CHAT_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
const RESPONSES_BODY = JSON.stringify({ model: 'gpt-4o-mini', input: PROMPT });

/**
 * CPU per request of POST /v1/responses against POST /v1/chat/completions,
 * same model, same prompt, same stack: the Responses mapping's own cost
 * (target: at most 50 µs more per request).
 */
export const responsesCpu: BenchScenario = {
  name: 'responses-cpu',
  description: 'CPU per request of /v1/responses against /v1/chat/completions on ingress, router and provider-adapters',
  async run({ args, progress }) {
    const duration = numberArg(args, 'duration', 5);
    const connections = numberArg(args, 'connections', 32);
    const rounds = numberArg(args, 'rounds', 3);
    const { stack, apiKey, stop } = await startHotPathStack(progress);
    try {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
      const chat = { url: `${stack.openAiBaseUrl}/chat/completions`, headers, body: CHAT_BODY };
      const responses = { url: `${stack.openAiBaseUrl}/responses`, headers, body: RESPONSES_BODY };
      progress('warming up both endpoints');
      await runLoad({ ...chat, durationSeconds: 2, connections, rate: 0 });
      await runLoad({ ...responses, durationSeconds: 2, connections, rate: 0 });
      const measure = async (target: typeof chat): Promise<{ requests: number; micros: number[] }> => {
        const before = hotPathCpu(stack);
        const load = await runLoad({ ...target, durationSeconds: duration, connections, rate: 0 });
        const after = hotPathCpu(stack);
        return { requests: load.requests, micros: HOT_PATH.map((_, i) => cpuMicrosBetween(before[i]!, after[i]!)) };
      };
      // Alternating rounds, so load from other processes on a shared machine falls on both endpoints alike.
      const c = { requests: 0, micros: HOT_PATH.map(() => 0) };
      const r = { requests: 0, micros: HOT_PATH.map(() => 0) };
      const add = (sum: typeof c, m: typeof c): void => {
        sum.requests += m.requests;
        m.micros.forEach((us, i) => (sum.micros[i] = (sum.micros[i] ?? 0) + us));
      };
      for (let round = 1; round <= rounds; round++) {
        progress(`round ${round}/${rounds}: ${duration}s of chat completions, then ${duration}s of responses`);
        add(c, await measure(chat));
        add(r, await measure(responses));
      }
      const perRequest = (m: { requests: number; micros: number[] }, i: number): number =>
        Math.round(m.micros[i]! / Math.max(1, m.requests));
      const total = (m: { requests: number; micros: number[] }): number =>
        Math.round(m.micros.reduce((a, b) => a + b, 0) / Math.max(1, m.requests));
      return [
        {
          title: `CPU per request (µs), ${connections} connections, ${rounds} alternating rounds of ${duration}s per endpoint, non-streaming`,
          rows: [
            ...HOT_PATH.map((name, i) => ({
              service: name,
              'chat.completions': perRequest(c, i),
              responses: perRequest(r, i),
              'responses − chat': perRequest(r, i) - perRequest(c, i),
            })),
            { service: 'all three', 'chat.completions': total(c), responses: total(r), 'responses − chat': total(r) - total(c) },
            { service: 'requests', 'chat.completions': c.requests, responses: r.requests, 'responses − chat': '' },
          ],
          notes: ['Target: responses at most 50 µs more per request than chat completions (all three services).'],
        },
      ];
    } finally {
      await stop();
    }
  },
};
