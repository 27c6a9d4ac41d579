import { openAiImagesAt } from '../openai/images';
import { azureHeaders, azureUrl } from './api';
import { azureError } from './errors';

const images = openAiImagesAt(
  (target, credential) => ({ url: azureUrl(target, 'images/generations'), headers: azureHeaders(target, credential, false) }),
  azureError,
);

export const azureImageRequest = images.request;
export const azureImageResponse = images.response;
