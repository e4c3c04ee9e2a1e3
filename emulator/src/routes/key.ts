import type { ApiCall } from '../api-call.ts';
import { authenticate, userIdFor } from '../auth.ts';
import type { EmulatorContext } from '../context.ts';
import { sendError, sendJson, sleep } from '../http-io.ts';

/** Serves `GET /api/v1/key` and its older alias `GET /api/v1/auth/key` with the key's info. */
export async function handleKeyInfo(context: EmulatorContext, call: ApiCall): Promise<void> {
  const auth = authenticate(call.request, context.config.keys);
  await sleep(call.scenario?.delayBeforeHeadersMs ?? 0);
  if (!auth.ok) return sendError(call.response, auth.error);
  const spent = context.spending.get(auth.key) ?? 0;
  const legacy = call.scenario?.legacy === true;
  sendJson(
    call.response,
    200,
    { data: keyInfo(auth.key, userIdFor(auth.key), spent, legacy) },
    call.plan.headers,
  );
}

function keyInfo(key: string, userId: string, spent: number, legacy: boolean) {
  return {
    label: maskKey(key),
    limit: null,
    limit_remaining: null,
    limit_reset: null,
    include_byok_in_limit: false,
    usage: spent,
    usage_daily: spent,
    usage_weekly: spent,
    usage_monthly: spent,
    byok_usage: 0,
    byok_usage_daily: 0,
    byok_usage_weekly: 0,
    byok_usage_monthly: 0,
    is_free_tier: true,
    is_management_key: false,
    is_provisioning_key: false,
    creator_user_id: userId,
    expires_at: null,
    rate_limit: legacy
      ? { requests: 50, interval: '10s' }
      : { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
  };
}

/** Masks a key as OpenRouter labels it: the first 11 characters, "...", the last 3. */
function maskKey(key: string): string {
  return key.length <= 14 ? key : `${key.slice(0, 11)}...${key.slice(-3)}`;
}
