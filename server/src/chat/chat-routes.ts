import { setMaxListeners } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { toAppError } from '../http/error-handler.ts';
import { createChatHandler } from './chat-handler.ts';

export const CHAT_COMPLETION_PATHS = ['/api/chat/completions', '/v1/chat/completions'] as const;

const DESCRIPTION = `An OpenAI chat-completions request relayed to OpenRouter with the
caller's stored key (or the operator key under KEY_POLICY=shared). \`model\` and a
non-empty \`messages\` array are required; other fields pass through, except \`route\`
(dropped). With \`stream: true\` the reply is OpenRouter's server-sent events,
forwarded event by event and always ending with \`data: [DONE]\`. Gateway API keys
are accepted on /v1 only.`;

/** Registers the chat-completions relay on /api and /v1. */
export async function chatRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  // Every open stream listens for the shutdown deadline.
  setMaxListeners(0, ctx.lifecycle.streamsDeadline.signal);
  const reachedHandler = new WeakSet<FastifyRequest>();
  const handler = createChatHandler(ctx);
  for (const url of CHAT_COMPLETION_PATHS) {
    app.route({
      method: 'POST',
      url,
      config: { auth: 'user' },
      schema: { summary: 'Create a chat completion', tags: ['chat'], description: DESCRIPTION },
      onError: async (request, reply, error) =>
        recordEarlyRejection(ctx, reachedHandler, { request, reply, error }),
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        reachedHandler.add(request);
        return handler(request, reply);
      },
    });
  }
}

// Errors raised after authentication but before the handler (body too large,
// malformed JSON) still get their chat-log row.
function recordEarlyRejection(
  ctx: AppContext,
  reachedHandler: WeakSet<FastifyRequest>,
  failed: { request: FastifyRequest; reply: FastifyReply; error: Error },
): void {
  const { request, reply, error } = failed;
  const principal = request.principal;
  if (principal === null || reachedHandler.has(request)) return;
  const appError = toAppError(error);
  ctx.chatLogs.record({
    createdAt: ctx.now(),
    user: principal.user,
    credential: principal.credential,
    source: 'api',
    model: '',
    modelServed: null,
    outcome: 'rejected',
    status: appError.status,
    errorCode: appError.code,
    usage: undefined,
    usageEstimated: false,
    latencyMs: reply.elapsedTime,
    ttftMs: null,
    prompt: null,
    reply: null,
  });
}
