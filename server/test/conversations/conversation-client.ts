import type { TestGateway } from '../support/gateway.ts';

/** One named event of a conversation stream. */
export interface NamedEvent {
  name: string;
  data: unknown;
}

export interface MessageView {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  status: 'complete' | 'interrupted' | 'error';
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  createdAt: string;
}

export interface ConversationDetail {
  id: number;
  title: string | null;
  model: string;
  createdAt: string;
  updatedAt: string;
  messages: MessageView[];
}

/**
 * Splits an event-stream text into named events. Each event must be exactly
 * `event: NAME\ndata: JSON`; comments are skipped; anything else throws.
 */
export function parseNamedEvents(text: string): NamedEvent[] {
  const events: NamedEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block === '' || block.startsWith(':')) continue;
    const match = /^event: ([a-z_]+)\ndata: (.*)$/s.exec(block);
    if (match === null) throw new Error(`malformed event: ${JSON.stringify(block)}`);
    events.push({ name: match[1] as string, data: JSON.parse(match[2] as string) });
  }
  return events;
}

/** Starts a conversation and returns its id. */
export async function startConversation(
  gateway: TestGateway,
  token: string,
  model: string,
): Promise<number> {
  const response = await gateway.request<{ id: number }>('POST', '/api/conversations', {
    token,
    body: { model },
  });
  if (response.status !== 201)
    throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body.id;
}

/** Posts a message to the streaming route and reads the whole response. */
export async function streamMessage(
  gateway: TestGateway,
  token: string,
  id: number,
  content: string,
) {
  const response = await fetch(`${gateway.url}/api/conversations/${id}/messages/stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  const text = await response.text();
  const isStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  return { response, text, events: isStream ? parseNamedEvents(text) : [] };
}

export async function getConversation(
  gateway: TestGateway,
  token: string,
  id: number,
): Promise<ConversationDetail> {
  const response = await gateway.request<ConversationDetail>('GET', `/api/conversations/${id}`, {
    token,
  });
  if (response.status !== 200) throw new Error(`get failed: ${response.status} ${response.text}`);
  return response.body;
}

/** A non-streamed completion body as the upstream would send it. */
export function completionBody(model: string, content: string) {
  return {
    id: 'gen-title',
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 },
  };
}
