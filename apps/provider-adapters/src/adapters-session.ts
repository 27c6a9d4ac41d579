import {
  checkedAudioStreamInvocation,
  checkedEmbedInvocation,
  checkedImageInvocation,
  checkedInvocation,
  checkedModerateInvocation,
  checkedTranscribeInvocation,
} from '@switchyard/contracts';
import type { AdapterCall, AdapterReply } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import { relaySession, replyStream, SessionServer } from '@switchyard/platform';
import type { AttemptExecutor } from '@switchyard/providers';

/** The router's calls, multiplexed over long-lived streams: provider-adapters' only transport. */
export function adaptersSession(invoker: AttemptExecutor, log: Log): SessionServer<AdapterCall, AdapterReply> {
  return relaySession<AdapterCall, AdapterReply>(
    {
      isCancel: (call) => call.call?.$case === 'cancel',
      unary: ({ id, call: c }) => {
        switch (c?.$case) {
          case 'invoke':
            return invoker.invoke(checkedInvocation(c.invoke)).then((invoke) => ({ id, reply: { $case: 'invoke', invoke } }));
          case 'embed':
            return invoker.embed(checkedEmbedInvocation(c.embed)).then((embed) => ({ id, reply: { $case: 'embed', embed } }));
          case 'moderate':
            return invoker
              .moderate(checkedModerateInvocation(c.moderate))
              .then((moderate) => ({ id, reply: { $case: 'moderate', moderate } }));
          case 'countTokens':
            return invoker
              .countTokens(checkedInvocation(c.countTokens))
              .then((countTokens) => ({ id, reply: { $case: 'countTokens', countTokens } }));
          case 'transcribe':
            return invoker
              .transcribe(checkedTranscribeInvocation(c.transcribe))
              .then((transcribe) => ({ id, reply: { $case: 'transcribe', transcribe } }));
          case 'image':
            return invoker.generateImage(checkedImageInvocation(c.image)).then((image) => ({ id, reply: { $case: 'image', image } }));
          default:
            return undefined;
        }
      },
      stream: ({ id, call: c }, signal) => {
        switch (c?.$case) {
          case 'invokeStream':
            return replyStream(invoker.invokeStream(checkedInvocation(c.invokeStream), signal), (streamEvent) => ({
              id,
              reply: { $case: 'streamEvent', streamEvent },
            }));
          case 'audioStream':
            return replyStream(invoker.audioStream(checkedAudioStreamInvocation(c.audioStream), signal), (audioEvent) => ({
              id,
              reply: { $case: 'audioEvent', audioEvent },
            }));
          default:
            return undefined;
        }
      },
      end: (id) => ({ id, reply: { $case: 'streamEnd', streamEnd: {} } }),
      failed: (id, message, retryable) => ({ id, reply: { $case: 'failed', failed: { message, retryable } } }),
    },
    log,
  );
}
