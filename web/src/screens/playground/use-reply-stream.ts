import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from '../../api/errors.ts';
import { readReplyStream } from '../../api/reply-stream.ts';
import type { Conversation, Usage } from '../../api/types.ts';
import { useApi } from '../../session/session-context.ts';
import { playgroundKeys } from './query-keys.ts';

/** The reply being streamed; `finishing` keeps the draft on screen while data reloads. */
export type ReplyState =
  | { phase: 'idle' }
  | {
      phase: 'streaming' | 'finishing';
      conversationId: number;
      prompt: string;
      draft: string;
      /** How many messages the conversation had when the prompt was sent. */
      storedBefore: number;
    };

/** The last reply that failed, shown next to the conversation it belongs to. */
export interface ReplyFailure {
  conversationId: number;
  prompt: string;
  error: ApiError;
}

/** Outcome of a send. `rejected` means the gateway rejected it before the stream opened. */
export type SendOutcome = 'done' | 'stopped' | 'rejected' | 'failed';

/**
 * Streams one reply at a time from `POST /api/conversations/{id}/messages/stream`,
 * appending each `token` to a draft. Stop aborts the fetch, so the gateway stores the
 * reply as interrupted. Leaving the playground aborts the stream too.
 */
export function useReplyStream() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [reply, setReply] = useState<ReplyState>({ phase: 'idle' });
  const [failure, setFailure] = useState<ReplyFailure | null>(null);
  const [lastUsage, setLastUsage] = useState<Usage | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const refresh = useCallback(
    async (conversationId: number, storedBefore: number, outcome: SendOutcome) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: playgroundKeys.conversations, exact: true }),
        queryClient.invalidateQueries({ queryKey: playgroundKeys.usage }),
      ]);
      // The gateway stores a stopped or failed reply once it notices the end of the
      // stream, which may come after this reload, so reload a few times until it is there.
      const attempts = outcome === 'stopped' || outcome === 'failed' ? 8 : 1;
      const key = playgroundKeys.conversation(conversationId);
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        await queryClient.invalidateQueries({ queryKey: key });
        if (hasStoredReply(queryClient.getQueryData<Conversation>(key), storedBefore)) return;
        if (attempt < attempts) await sleep(250);
      }
    },
    [queryClient],
  );

  /**
   * Sends `prompt` and streams the reply. `onRejected` runs next to the state update that
   * shows the failure alert, so React renders both together, before the data reload.
   */
  const send = useCallback(
    async (
      conversationId: number,
      prompt: string,
      storedBefore: number,
      onRejected?: (prompt: string) => void,
    ): Promise<SendOutcome> => {
      const abort = new AbortController();
      controller.current = abort;
      setFailure(null);
      setLastUsage(null);
      setReply({ phase: 'streaming', conversationId, prompt, draft: '', storedBefore });
      let outcome: SendOutcome = 'done';
      let opened = false;
      try {
        const response = await api.conversations.streamMessage(
          conversationId,
          prompt,
          abort.signal,
        );
        opened = true;
        for await (const event of readReplyStream(response)) {
          if (event.type === 'token') appendDraft(setReply, event.delta);
          if (event.type === 'done') setLastUsage(event.done.usage);
          if (event.type === 'error') {
            outcome = 'failed';
            setFailure({ conversationId, prompt, error: event.error });
          }
        }
      } catch (error) {
        if (isAbortError(error)) outcome = 'stopped';
        else outcome = opened ? 'failed' : 'rejected';
        if (outcome === 'rejected') onRejected?.(prompt);
        if (outcome !== 'stopped') setFailure({ conversationId, prompt, error: asApiError(error) });
      } finally {
        controller.current = null;
        setReply((current) =>
          current.phase === 'idle' ? current : { ...current, phase: 'finishing' },
        );
        await refresh(conversationId, storedBefore, outcome);
        setReply({ phase: 'idle' });
      }
      return outcome;
    },
    [api, refresh],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  const dismissFailure = useCallback(() => setFailure(null), []);
  const showFailure = useCallback((conversationId: number, prompt: string, error: unknown) => {
    setFailure({ conversationId, prompt, error: asApiError(error) });
  }, []);

  return { reply, failure, lastUsage, send, stop, dismissFailure, showFailure };
}

function appendDraft(setReply: (update: (state: ReplyState) => ReplyState) => void, delta: string) {
  setReply((current) =>
    current.phase === 'streaming' ? { ...current, draft: current.draft + delta } : current,
  );
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'stream_failed', `The reply stream failed: ${message}`);
}

function hasStoredReply(conversation: Conversation | undefined, storedBefore: number): boolean {
  const fresh = conversation?.messages.slice(storedBefore) ?? [];
  return fresh.some((message) => message.role === 'assistant');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
