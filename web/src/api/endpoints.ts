import type { HttpClient, Query } from './http.ts';
import type {
  AdminModel,
  AdminStats,
  AdminUser,
  ApiKeySaveResult,
  ApiKeyStatus,
  AuditEvent,
  AuditFilter,
  ChatLog,
  ChatLogFilter,
  Conversation,
  ConversationSummary,
  CreatedGatewayKey,
  Credentials,
  GatewayKey,
  NewUser,
  Page,
  PageQuery,
  PasswordChange,
  Role,
  Session,
  SyncResult,
  UsageLimit,
  User,
  UserModel,
  UserStatus,
  UserUsage,
} from './types.ts';

function authEndpoints(http: HttpClient) {
  return {
    login: (body: Credentials) =>
      http.request<Session>('POST', '/api/auth/login', { body, authenticated: false }),
    register: (body: Credentials) =>
      http.request<Session>('POST', '/api/auth/register', { body, authenticated: false }),
    me: () => http.request<User>('GET', '/api/auth/me'),
    changePassword: (body: PasswordChange) =>
      http.request<Session>('POST', '/api/auth/change-password', { body }),
    logoutAll: () => http.request<void>('POST', '/api/auth/logout-all'),
  };
}

function userEndpoints(http: HttpClient) {
  return {
    models: () => http.request<UserModel[]>('GET', '/api/user/models'),
    toggleModel: (id: number, enabled: boolean) =>
      http.request<UserModel>('PUT', `/api/user/models/${id}/toggle`, { body: { enabled } }),
    apiKeyStatus: () => http.request<ApiKeyStatus>('GET', '/api/user/api-key/status'),
    saveApiKey: async (apiKey: string): Promise<ApiKeySaveResult> => {
      const result = await http.send<{ message?: string }>('PUT', '/api/user/api-key', {
        body: { apiKey },
      });
      if (result.status === 202) {
        return { verified: false, message: result.body?.message ?? 'The key was not checked.' };
      }
      return { verified: true };
    },
    deleteApiKey: () => http.request<void>('DELETE', '/api/user/api-key'),
    gatewayKeys: () => http.request<GatewayKey[]>('GET', '/api/user/gateway-keys'),
    createGatewayKey: (body: { name: string; expiresAt?: string }) =>
      http.request<CreatedGatewayKey>('POST', '/api/user/gateway-keys', { body }),
    revokeGatewayKey: (id: number) => http.request<void>('DELETE', `/api/user/gateway-keys/${id}`),
    usage: () => http.request<UserUsage>('GET', '/api/user/usage'),
  };
}

function conversationEndpoints(http: HttpClient) {
  return {
    list: () => http.request<ConversationSummary[]>('GET', '/api/conversations'),
    get: (id: number) => http.request<Conversation>('GET', `/api/conversations/${id}`),
    create: (body: { model: string; title?: string }) =>
      http.request<ConversationSummary>('POST', '/api/conversations', { body }),
    rename: (id: number, title: string) =>
      http.request<ConversationSummary>('PATCH', `/api/conversations/${id}`, { body: { title } }),
    remove: (id: number) => http.request<void>('DELETE', `/api/conversations/${id}`),
    /** Opens the reply stream; read it with readReplyStream. */
    streamMessage: (id: number, content: string, signal: AbortSignal) =>
      http.stream(`/api/conversations/${id}/messages/stream`, { content }, signal),
  };
}

/** Query parameters of the chat-log list and export. */
export function chatLogQuery(filter: ChatLogFilter): Query {
  return { user: filter.user, model: filter.model, from: filter.from, to: filter.to };
}

function adminEndpoints(http: HttpClient) {
  return {
    stats: () => http.request<AdminStats>('GET', '/api/admin/stats'),
    chatLogs: (filter: ChatLogFilter, page: PageQuery) =>
      http.request<Page<ChatLog>>('GET', '/api/admin/chat-logs', {
        query: { ...chatLogQuery(filter), ...page },
      }),
    exportChatLogs: (filter: ChatLogFilter) =>
      http.download('/api/admin/chat-logs/export', chatLogQuery(filter)),
    models: () => http.request<AdminModel[]>('GET', '/api/admin/models'),
    toggleModel: (modelId: string, enabled: boolean) =>
      http.request<AdminModel>('PUT', '/api/admin/models/toggle', { body: { modelId, enabled } }),
    syncModels: () => http.request<SyncResult>('POST', '/api/admin/sync-models'),
    usageLimits: () => http.request<UsageLimit[]>('GET', '/api/admin/usage-limits'),
    saveUsageLimit: (body: UsageLimit) =>
      http.request<UsageLimit>('PUT', '/api/admin/usage-limits', { body }),
    users: (query: { q: string } & PageQuery) =>
      http.request<Page<AdminUser>>('GET', '/api/admin/users', {
        query: { q: query.q, page: query.page, size: query.size },
      }),
    createUser: (body: NewUser) => http.request<AdminUser>('POST', '/api/admin/users', { body }),
    setRole: (id: number, role: Role) =>
      http.request<AdminUser>('PUT', `/api/admin/users/${id}/role`, { body: { role } }),
    setStatus: (id: number, status: UserStatus) =>
      http.request<AdminUser>('PUT', `/api/admin/users/${id}/status`, { body: { status } }),
    setRateLimit: (id: number, requestsPerMinute: number | null) =>
      http.request<AdminUser>('PUT', `/api/admin/users/${id}/rate-limit`, {
        body: { requestsPerMinute },
      }),
    resetPassword: (id: number) =>
      http.request<{ temporaryPassword: string }>('POST', `/api/admin/users/${id}/reset-password`),
    deleteUser: (id: number) => http.request<void>('DELETE', `/api/admin/users/${id}`),
    audit: (filter: AuditFilter, page: PageQuery) =>
      http.request<Page<AuditEvent>>('GET', '/api/admin/audit', { query: { ...filter, ...page } }),
  };
}

/** Binds every gateway route the UI calls to the HTTP client, grouped by area. */
export function createApi(http: HttpClient) {
  return {
    auth: authEndpoints(http),
    user: userEndpoints(http),
    conversations: conversationEndpoints(http),
    admin: adminEndpoints(http),
  };
}

export type Api = ReturnType<typeof createApi>;
