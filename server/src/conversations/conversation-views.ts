import { Type } from 'typebox';
import type { ConversationRow, MessageRow } from '../storage/schema.ts';

const Iso = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Usage = Type.Object({
  promptTokens: Type.Integer(),
  completionTokens: Type.Integer(),
  totalTokens: Type.Integer(),
});

export const ConversationSummary = Type.Object({
  id: Type.Integer(),
  title: NullableString,
  model: Type.String(),
  createdAt: Iso,
  updatedAt: Iso,
});

export const MessageView = Type.Object({
  id: Type.Integer(),
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
  status: Type.Union([
    Type.Literal('complete'),
    Type.Literal('interrupted'),
    Type.Literal('error'),
  ]),
  usage: Type.Union([Usage, Type.Null()]),
  createdAt: Iso,
});

export const ConversationDetail = Type.Object({
  ...ConversationSummary.properties,
  messages: Type.Array(MessageView),
});

export type UsageView = Type.Static<typeof Usage>;
export type MessageView = Type.Static<typeof MessageView>;

export function toConversationSummary(
  row: ConversationRow,
): Type.Static<typeof ConversationSummary> {
  return {
    id: Number(row.id),
    title: row.title,
    model: row.model_id,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

export function toMessageView(row: MessageRow): MessageView {
  const usage =
    row.total_tokens === null
      ? null
      : {
          promptTokens: Number(row.prompt_tokens ?? 0),
          completionTokens: Number(row.completion_tokens ?? 0),
          totalTokens: Number(row.total_tokens),
        };
  return {
    id: Number(row.id),
    role: row.role,
    content: row.content,
    status: row.status,
    usage,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}
