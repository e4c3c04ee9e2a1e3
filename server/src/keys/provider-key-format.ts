export const PROVIDER_KEY_MIN_LENGTH = 8;
export const PROVIDER_KEY_MAX_LENGTH = 512;

// Printable ASCII without the space: every such character is valid in an
// HTTP header value, so the key can be sent as `Authorization: Bearer <key>`.
const HEADER_SAFE = /^[\x21-\x7e]*$/;

/** Returns what makes an OpenRouter key unusable as a bearer token, or undefined when it is usable. */
export function providerKeyProblem(apiKey: string): string | undefined {
  if (apiKey === '') return 'The API key is required.';
  if (!HEADER_SAFE.test(apiKey)) {
    return 'The API key must contain only printable ASCII characters, without spaces.';
  }
  if (apiKey.length < PROVIDER_KEY_MIN_LENGTH || apiKey.length > PROVIDER_KEY_MAX_LENGTH) {
    return `The API key must be ${PROVIDER_KEY_MIN_LENGTH}–${PROVIDER_KEY_MAX_LENGTH} characters.`;
  }
  return undefined;
}
