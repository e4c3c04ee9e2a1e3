import type { UpstreamErrorBody } from './error-body.ts';

/** Availability codes with which OpenRouter says a model no longer serves anyone. */
const WITHDRAWAL_CODES = new Set([
  'model_deprecated',
  'model_unavailable_upstream',
  'free_variant_ended',
]);

/** The request facts that decide whether a plain "No endpoints found" 404 is a withdrawal. */
export interface WithdrawalInput {
  requestedModel: string;
  /** True when the body had `tools`, `tool_choice` or `provider`, which narrow the endpoints. */
  narrowsEndpoints: boolean;
}

/**
 * Returns the availability code to record when an upstream 404 withdraws the
 * requested model, or undefined for any other 404. Only these cases count, so
 * no single user's request shape can withdraw a model for everyone.
 */
export function withdrawalCode(
  error: UpstreamErrorBody,
  input: WithdrawalInput,
): string | undefined {
  if (error.availabilityCode !== undefined) {
    return WITHDRAWAL_CODES.has(error.availabilityCode) ? error.availabilityCode : undefined;
  }
  if (input.narrowsEndpoints) return undefined;
  const expected = `No endpoints found for ${input.requestedModel}.`;
  return error.message === expected ? 'no_endpoints' : undefined;
}
