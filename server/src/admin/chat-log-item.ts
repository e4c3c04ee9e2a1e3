import { Type } from 'typebox';
import type { ChatLogRow } from '../storage/schema.ts';

/** One chat-log row as the admin list and `GET /api/user/requests` return it. */
export const ChatLogItem = Type.Object({
  id: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  userEmail: Type.String(),
  credential: Type.Union([Type.Literal('jwt'), Type.Literal('gateway_key')]),
  source: Type.Union([Type.Literal('api'), Type.Literal('conversation'), Type.Literal('title')]),
  model: Type.String(),
  modelServed: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  status: Type.Integer(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  promptTokens: Type.Integer(),
  completionTokens: Type.Integer(),
  totalTokens: Type.Integer(),
  cost: Type.Union([Type.Number(), Type.Null()]),
  usageEstimated: Type.Boolean(),
  latencyMs: Type.Integer(),
  ttftMs: Type.Union([Type.Integer(), Type.Null()]),
  prompt: Type.Union([Type.String(), Type.Null()]),
  reply: Type.Union([Type.String(), Type.Null()]),
});

export type ChatLogItem = Type.Static<typeof ChatLogItem>;

export function toChatLogItem(row: ChatLogRow): ChatLogItem {
  return {
    id: Number(row.id),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    userId: row.user_id === null ? null : Number(row.user_id),
    userEmail: row.user_email,
    credential: row.credential,
    source: row.source,
    model: row.model,
    modelServed: row.model_served,
    outcome: row.outcome,
    status: row.status,
    errorCode: row.error_code,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    totalTokens: row.total_tokens,
    cost: row.cost === null ? null : Number(row.cost),
    usageEstimated: row.usage_estimated === 1,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    prompt: row.prompt,
    reply: row.reply,
  };
}
