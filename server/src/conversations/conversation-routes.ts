import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import {
  createConversation,
  deleteConversation,
  findOwnConversation,
  listConversations,
  listMessages,
  renameConversation,
} from './conversation-store.ts';
import {
  ConversationDetail,
  ConversationSummary,
  toConversationSummary,
  toMessageView,
} from './conversation-views.ts';

const TITLE_MAX = 200;
const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Title = Type.String({ minLength: 1, maxLength: TITLE_MAX });
const Created = Type.Object({
  id: Type.Integer(),
  model: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Registers conversation CRUD under /api/conversations. Every route reads the caller's own rows only. */
export async function conversationRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const tags = ['conversations'];

  app.get(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Your conversations, latest activity first',
        response: { 200: Type.Array(ConversationSummary) },
      },
    },
    async (request) =>
      (await listConversations(ctx.db, userOf(request).id)).map(toConversationSummary),
  );

  app.post(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Start a conversation with a model you may use',
        body: Type.Object({ model: Type.String({ minLength: 1 }), title: Type.Optional(Title) }),
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { model, title } = request.body;
      const admitted = await ctx.admission.checkModel(user, {
        model,
        fallbackModels: [],
        usesTools: false,
      });
      const row = await createConversation(ctx.db, ctx.dialect, {
        userId: user.id,
        model: admitted.modelId,
        title: title?.trim() || null,
        now: ctx.now(),
      });
      const { id, model: modelId, title: stored, createdAt } = toConversationSummary(row);
      return reply.status(201).send({ id, model: modelId, title: stored, createdAt });
    },
  );

  app.get(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'A conversation with its messages',
        params: Params,
        response: { 200: ConversationDetail },
      },
    },
    async (request) => {
      const row = await findOwnConversation(ctx.db, userOf(request), request.params.id);
      const messages = await listMessages(ctx.db, Number(row.id));
      return { ...toConversationSummary(row), messages: messages.map(toMessageView) };
    },
  );

  app.patch(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Rename a conversation',
        params: Params,
        body: Type.Object({ title: Title }),
        response: { 200: ConversationSummary },
      },
    },
    async (request) => {
      const row = await findOwnConversation(ctx.db, userOf(request), request.params.id);
      const now = ctx.now();
      const title = request.body.title.trim();
      await renameConversation(ctx.db, Number(row.id), title, now);
      return toConversationSummary({ ...row, title, updated_at: now });
    },
  );

  app.delete(
    '/api/conversations/:id',
    { schema: { tags, summary: 'Delete a conversation and its messages', params: Params } },
    async (request, reply) => {
      const row = await findOwnConversation(ctx.db, userOf(request), request.params.id);
      await deleteConversation(ctx.db, Number(row.id));
      return reply.status(204).send();
    },
  );
}
