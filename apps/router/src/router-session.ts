import {
  checkedRoutedAudioStream,
  checkedRoutedChat,
  checkedRoutedEmbeddings,
  checkedRoutedImage,
  checkedRoutedModeration,
  checkedRoutedTranscription,
} from '@switchyard/contracts';
import type { RequestContext, RouterCall, RouterReply } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import { relaySession, replyStream, SessionServer } from '@switchyard/platform';
import type { ModelCatalog, RouteExecutor } from '@switchyard/routing';
import { withDefaultDeadline } from './default-deadline';

/** Ingress's calls, multiplexed over long-lived streams: the router's only transport. */
export function routerSession(
  executor: RouteExecutor,
  catalog: ModelCatalog,
  defaultTimeoutMs: number,
  log: Log,
): SessionServer<RouterCall, RouterReply> {
  const withDeadline = <T extends { context?: RequestContext | undefined }>(request: T): T =>
    withDefaultDeadline(request, defaultTimeoutMs);
  return relaySession<RouterCall, RouterReply>(
    {
      isCancel: (call) => call.call?.$case === 'cancel',
      unary: ({ id, call: c }) => {
        switch (c?.$case) {
          case 'chat':
            return executor.chat(withDeadline(checkedRoutedChat(c.chat))).then((chat) => ({ id, reply: { $case: 'chat', chat } }));
          case 'embed':
            return executor
              .embed(withDeadline(checkedRoutedEmbeddings(c.embed)))
              .then((embed) => ({ id, reply: { $case: 'embed', embed } }));
          case 'moderate':
            return executor
              .moderate(withDeadline(checkedRoutedModeration(c.moderate)))
              .then((moderate) => ({ id, reply: { $case: 'moderate', moderate } }));
          case 'countTokens':
            return executor
              .countTokens(withDeadline(checkedRoutedChat(c.countTokens)))
              .then((countTokens) => ({ id, reply: { $case: 'countTokens', countTokens } }));
          case 'transcribe':
            return executor
              .transcribe(withDeadline(checkedRoutedTranscription(c.transcribe)))
              .then((transcribe) => ({ id, reply: { $case: 'transcribe', transcribe } }));
          case 'image':
            return executor
              .generateImage(withDeadline(checkedRoutedImage(c.image)))
              .then((image) => ({ id, reply: { $case: 'image', image } }));
          case 'listModels': {
            const models = c.listModels.context ? catalog.listModels(c.listModels.context) : [];
            return Promise.resolve({ id, reply: { $case: 'listModels', listModels: { models } } });
          }
          default:
            return undefined;
        }
      },
      stream: ({ id, call: c }, signal) => {
        switch (c?.$case) {
          case 'chatStream':
            return replyStream(executor.chatStream(withDeadline(checkedRoutedChat(c.chatStream)), signal), (streamEvent) => ({
              id,
              reply: { $case: 'streamEvent', streamEvent },
            }));
          case 'audioStream':
            return replyStream(executor.audioStream(withDeadline(checkedRoutedAudioStream(c.audioStream)), signal), (audioEvent) => ({
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
