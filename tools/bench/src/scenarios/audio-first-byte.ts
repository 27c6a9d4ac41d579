import type { Capabilities } from '@switchyard/contracts';
import { multipartBody } from '@switchyard/providers';
import { FirstByteTiming, TimedConnection, TimedRequest } from '../first-byte';
import { startHotPathStack } from '../hot-path-stack';
import { hundredths, summarizeLatency } from '../latency-summary';
import { cpuMicrosBetween } from '../process-cpu';
import { BenchScenario, BenchTable, numberArg } from '../scenario';
import { toneWav } from '../tone-wav';
import { HOT_PATH, hotPathCpu } from './gateway-overhead';

const TRANSCRIBER = 'gpt-4o-mini-transcribe';
const DELTA = 'transcript.text.delta';
const JSON_TYPE = { 'content-type': 'application/json' };
const SPEECH_INPUT = 'Switchyard speaks while the provider is still talking.';

const only = (capability: 'speech' | 'transcription'): Capabilities => ({
  chat: false,
  streaming: false,
  vision: false,
  tools: false,
  jsonMode: false,
  embeddings: false,
  moderation: false,
  imageGeneration: false,
  transcription: capability === 'transcription',
  speech: capability === 'speech',
});

/** The same request straight at the mock provider and through ingress -> router -> provider-adapters. */
interface Pair {
  readonly label: string;
  readonly direct: TimedRequest;
  readonly gateway: TimedRequest;
}

/** What one pair measured, request by request. */
interface PairTimings {
  readonly direct: FirstByteTiming[];
  readonly gateway: FirstByteTiming[];
}

/**
 * Issue 17: a streamed transcription's first byte (and first transcript
 * delta) and speech's first audio byte, straight at the mock and through
 * Switchyard, one request at a time on one connection per path; then CPU
 * per streamed transcription on each hot-path service.
 */
export const audioFirstByte: BenchScenario = {
  name: 'audio-first-byte',
  description: 'First byte of a streamed transcription and of speech, direct vs through Switchyard, and CPU per streamed transcription',
  async run({ args, progress }) {
    const requests = numberArg(args, 'requests', 300);
    const warmup = numberArg(args, 'warmup', 50);
    const audioSeconds = numberArg(args, 'audio-seconds', 1);
    const cpuRequests = numberArg(args, 'cpu-requests', 1000);
    const connections = numberArg(args, 'connections', 4);
    const { mock, stack, apiKey, stop } = await startHotPathStack(progress, {
      deployments: [
        { id: 'bench-transcribe', model: TRANSCRIBER, capabilities: only('transcription') },
        { id: 'bench-speech', model: 'tts-1', capabilities: only('speech') },
      ],
    });
    try {
      const form = multipartBody([
        { name: 'file', file: toneWav(audioSeconds), filename: 'tone.wav', contentType: 'audio/wav' },
        { name: 'model', value: TRANSCRIBER },
        { name: 'stream', value: 'true' },
      ]);
      const speech = Buffer.from(JSON.stringify({ model: 'tts-1', voice: 'alloy', input: SPEECH_INPUT }));
      const direct = { authorization: 'Bearer sk-bench' };
      const gateway = { authorization: `Bearer ${apiKey}` };
      const transcription: Pair = {
        label: 'streamed transcription',
        direct: {
          url: `${mock.url}/d/bench-transcribe/v1/audio/transcriptions`,
          headers: { ...direct, 'content-type': form.contentType },
          body: form.body,
          marker: DELTA,
        },
        gateway: {
          url: `${stack.openAiBaseUrl}/audio/transcriptions`,
          headers: { ...gateway, 'content-type': form.contentType },
          body: form.body,
          marker: DELTA,
        },
      };
      const tts: Pair = {
        label: 'speech',
        direct: {
          url: `${mock.url}/d/bench-speech/v1/audio/speech`,
          headers: { ...direct, ...JSON_TYPE },
          body: speech,
        },
        gateway: {
          url: `${stack.openAiBaseUrl}/audio/speech`,
          headers: { ...gateway, ...JSON_TYPE },
          body: speech,
        },
      };
      // The same hops with no audio in them: what any streamed request pays, for comparison.
      const chatBody = Buffer.from(JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] }));
      const chat: Pair = {
        label: 'streamed chat',
        direct: { url: `${mock.url}/d/bench/v1/chat/completions`, headers: { ...direct, ...JSON_TYPE }, body: chatBody },
        gateway: { url: `${stack.openAiBaseUrl}/chat/completions`, headers: { ...gateway, ...JSON_TYPE }, body: chatBody },
      };
      const directConnection = new TimedConnection();
      const gatewayConnection = new TimedConnection();
      // Direct and gateway requests alternate, so the shared machine's load drifts over both alike.
      const alternate = async (pair: Pair, count: number): Promise<PairTimings> => {
        const out: PairTimings = { direct: [], gateway: [] };
        for (let i = 0; i < count; i++) {
          out.direct.push(checked(`${pair.label}, direct`, await directConnection.send(pair.direct), pair.direct));
          out.gateway.push(checked(`${pair.label}, through Switchyard`, await gatewayConnection.send(pair.gateway), pair.gateway));
        }
        return out;
      };
      try {
        progress(`warming up: ${warmup} of each request on each path`);
        await alternate(transcription, warmup);
        await alternate(tts, warmup);
        await alternate(chat, warmup);
        progress(`${requests} streamed transcriptions, direct and through Switchyard alternately`);
        const t = await alternate(transcription, requests);
        progress(`${requests} speech requests, direct and through Switchyard alternately`);
        const s = await alternate(tts, requests);
        progress(`${requests} streamed chat completions (reference), direct and through Switchyard alternately`);
        const c = await alternate(chat, requests);
        progress(`CPU: ${cpuRequests} streamed transcriptions through Switchyard on ${connections} connections`);
        const cpu = await transcriptionCpu(stack, transcription.gateway, cpuRequests, connections);
        const reopened = [t, s, c].flatMap((p) => [...p.direct, ...p.gateway]).filter((x) => !x.reusedConnection).length;
        const audio = `${audioSeconds} s WAV, ${form.body.length} B form`;
        return [
          latencyTable(`Streamed transcription (${TRANSCRIBER}, ${audio}): request sent -> first body byte (ms)`, t, (x) => x.firstByteMs),
          latencyTable(`Streamed transcription: request sent -> first ${DELTA} event (ms)`, t, (x) => x.markerMs ?? Number.NaN),
          latencyTable(`Speech (tts-1, ${SPEECH_INPUT.length} characters): request sent -> first audio byte (ms)`, s, (x) => x.firstByteMs),
          latencyTable(
            'Reference, no audio: streamed chat completion (gpt-4o-mini): request sent -> first body byte (ms)',
            c,
            (x) => x.firstByteMs,
            [
              `${requests} requests per path and request kind after ${warmup} warm-up requests; one keep-alive connection per path, one request at a time, direct and gateway alternating: this is latency, not queueing (${reopened} measured requests opened a new connection).`,
              '"added by Switchyard" is the gateway quantile minus the direct quantile, not a quantile of per-request differences.',
              'Everything shares 2 cores: the load generator, the mock provider and three services (each logging one JSON line per request).',
            ],
          ),
          cpu,
        ];
      } finally {
        directConnection.close();
        gatewayConnection.close();
      }
    } finally {
      await stop();
    }
  },
};

/** A bench of refused requests measures nothing: the first one that fails stops the run, saying why. */
function checked(label: string, timing: FirstByteTiming, target: TimedRequest): FirstByteTiming {
  if (timing.status !== 200) throw new Error(`${label}: HTTP ${timing.status}: ${timing.head}`);
  if (target.marker !== undefined && timing.markerMs === undefined)
    throw new Error(`${label}: no ${target.marker} in the response: ${timing.head}`);
  return timing;
}

function latencyTable(
  title: string,
  timings: PairTimings,
  pick: (t: FirstByteTiming) => number,
  notes: readonly string[] = [],
): BenchTable {
  const d = summarizeLatency(timings.direct.map(pick));
  const g = summarizeLatency(timings.gateway.map(pick));
  const row = (path: string, x: { samples: number | string; p50: number; p99: number; mean: number }) => ({
    path,
    samples: x.samples,
    p50: hundredths(x.p50),
    p99: hundredths(x.p99),
    mean: hundredths(x.mean),
  });
  return {
    title,
    rows: [
      row('direct to mock provider', d),
      row('through Switchyard', g),
      row('added by Switchyard', { samples: '', p50: g.p50 - d.p50, p99: g.p99 - d.p99, mean: g.mean - d.mean }),
    ],
    notes,
  };
}

/** CPU of each hot-path service over `total` streamed transcriptions, sent on `connections` connections at once. */
async function transcriptionCpu(
  stack: Parameters<typeof hotPathCpu>[0],
  target: TimedRequest,
  total: number,
  connections: number,
): Promise<BenchTable> {
  let next = 0;
  const worker = async (): Promise<void> => {
    const connection = new TimedConnection();
    try {
      while (next < total) {
        next += 1;
        checked('streamed transcription (CPU run)', await connection.send(target), target);
      }
    } finally {
      connection.close();
    }
  };
  const before = hotPathCpu(stack);
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (Date.now() - started) / 1000;
  const after = hotPathCpu(stack);
  const micros = HOT_PATH.map((_, i) => cpuMicrosBetween(before[i]!, after[i]!));
  const row = (service: string, us: number) => ({ service, 'CPU (ms)': Math.round(us / 1000), 'µs/request': Math.round(us / total) });
  return {
    title: `CPU per streamed transcription (${total} requests, ${connections} connections, ${Math.round(total / seconds)} req/s; µs of user + system CPU)`,
    rows: [
      ...HOT_PATH.map((name, i) => row(name, micros[i]!)),
      row(
        'all three',
        micros.reduce((a, b) => a + b, 0),
      ),
    ],
    notes: [
      'utime + stime of each service process from /proc/<pid>/stat before and after the run, divided by the requests; /proc counts in clock ticks (10 ms per process).',
      "It includes each service's background work during the run (event publishing, logging, metrics), which is part of what a request costs.",
    ],
  };
}
