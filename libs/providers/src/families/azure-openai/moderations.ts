import { openAiModerationsAt } from '../openai/moderations';
import { azureHeaders, azureUrl } from './api';
import { azureError } from './errors';

const moderations = openAiModerationsAt(
  (target, credential) => ({ url: azureUrl(target, 'moderations'), headers: azureHeaders(target, credential, false) }),
  azureError,
);

export const azureModerationRequest = moderations.request;
export const azureModerationResponse = moderations.response;
