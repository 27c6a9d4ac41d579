import { ChatRequest, ChatRole, PiiMode, PiiPolicy } from '@switchyard/contracts';
import { PiiGuard } from '@switchyard/pii';
import { BenchScenario, numberArg } from '../scenario';

const FILLER = 'The quarterly report shows steady growth in every region and the team expects more next year. ';
const PERSONAL = 'Reach Jane at jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00. ';

function request(bytes: number, withPii: boolean): ChatRequest {
  let text = '';
  while (text.length < bytes) text += withPii && text.length % 1000 < FILLER.length ? PERSONAL : FILLER;
  return ChatRequest.fromPartial({
    model: 'm',
    messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: text.slice(0, bytes) } }] }],
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * What the PII policy adds to a request on the ingress hot path: building the
 * tenant's guard and redacting the prompt before it leaves for the provider
 * (the most expensive mode), for prompts of several sizes.
 */
export const piiRedaction: BenchScenario = {
  name: 'pii-redaction',
  description: 'Per-request cost (p50/p99 microseconds) of the PII guard in provider mode, by prompt size, with and without personal data',
  async run({ args, progress }) {
    const iterations = numberArg(args, 'iterations', 2_000);
    const policy = PiiPolicy.fromPartial({ mode: PiiMode.PII_MODE_PROVIDER, restoreResponses: true });
    const rows: Record<string, string | number>[] = [];
    for (const bytes of [1_000, 8_000, 32_000]) {
      for (const withPii of [false, true]) {
        progress(`${bytes} bytes, ${withPii ? 'with' : 'without'} PII`);
        const req = request(bytes, withPii);
        const times: number[] = [];
        for (let i = 0; i < iterations; i++) {
          const t0 = process.hrtime.bigint();
          const guard = new PiiGuard(policy);
          guard.chatRequest(req);
          guard.forRecord('end-user-42');
          times.push(Number(process.hrtime.bigint() - t0) / 1_000);
        }
        times.sort((a, b) => a - b);
        rows.push({
          'prompt bytes': bytes,
          'personal data': withPii ? 'yes' : 'no',
          'p50 µs': percentile(times, 50).toFixed(1),
          'p99 µs': percentile(times, 99).toFixed(1),
        });
      }
    }
    return [
      {
        title: `PII guard, provider mode (${iterations} requests each)`,
        rows,
        notes: ['The budget for everything ingress adds is well under a millisecond per request.'],
      },
    ];
  },
};
