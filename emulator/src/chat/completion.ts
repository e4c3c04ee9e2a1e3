import type { Model } from '../catalog/types.ts';
import type { EmulatorConfig } from '../context.ts';
import { generationId } from '../generation-id.ts';
import type { Scenario } from '../scenarios/types.ts';
import { hashText } from './hash.ts';
import { recentToolResults, textTokens, toolResultTokens } from './reply.ts';
import type { ChatRequest } from './request.ts';
import { buildToolCall, chooseTool, type ToolCall, toolCallId } from './tools.ts';
import { buildUsage, estimatePromptTokens, type Usage } from './usage.ts';

/** Everything one reply carries, before it is shaped as a JSON body or as stream chunks. */
export interface Completion {
  id: string;
  created: number;
  model: string;
  provider: string;
  tokens: string[];
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  /** Null when a scenario set `usage: false`. */
  usage: Usage | null;
  legacy: boolean;
}

/** Builds the deterministic completion for a validated request on a resolved model. */
export function buildCompletion(
  request: ChatRequest,
  model: Model,
  config: EmulatorConfig,
  scenario?: Scenario,
): Completion {
  const created = Math.floor(config.now() / 1000);
  const seed = hashText(`${model.id}\n${JSON.stringify(request.messages)}`);
  const toolCalls = scenarioToolCalls(scenario, seed) ?? modelToolCalls(request, model, seed);
  const tokens = toolCalls.length > 0 ? [] : replyTokens(request, seed, config.replyTokens);
  const limit = request.maxTokens ?? Number.POSITIVE_INFINITY;
  const clipped = tokens.length > limit ? tokens.slice(0, limit) : tokens;
  return {
    id: generationId(created),
    created,
    model: model.id,
    provider: providerName(model),
    tokens: clipped,
    toolCalls,
    finishReason: finishReason(toolCalls, clipped.length < tokens.length),
    usage: completionUsage(request, model, clipped, toolCalls, scenario),
    legacy: scenario?.legacy === true,
  };
}

function replyTokens(request: ChatRequest, seed: number, count: number): string[] {
  const results = recentToolResults(request.messages);
  return results.length > 0 ? toolResultTokens(results) : textTokens(seed, count);
}

function scenarioToolCalls(scenario: Scenario | undefined, seed: number): ToolCall[] | undefined {
  return scenario?.toolCalls?.map((call, index) => ({ ...call, id: toolCallId(seed, index) }));
}

// A model that lists `tools` calls one when offered tools and no tool result came back yet.
function modelToolCalls(request: ChatRequest, model: Model, seed: number): ToolCall[] {
  if (!model.supported_parameters?.includes('tools')) return [];
  if (recentToolResults(request.messages).length > 0) return [];
  const tool = chooseTool(request);
  return tool ? [buildToolCall(tool, seed)] : [];
}

function finishReason(toolCalls: ToolCall[], truncated: boolean): Completion['finishReason'] {
  if (toolCalls.length > 0) return 'tool_calls';
  return truncated ? 'length' : 'stop';
}

function completionUsage(
  request: ChatRequest,
  model: Model,
  tokens: string[],
  toolCalls: ToolCall[],
  scenario: Scenario | undefined,
): Usage | null {
  if (scenario?.usage === false) return null;
  const callTokens = toolCalls.reduce(
    (sum, call) => sum + Math.ceil(call.arguments.length / 4) + 5,
    0,
  );
  const usage = buildUsage(model, estimatePromptTokens(request), tokens.length + callTokens);
  return scenario?.usage ? { ...usage, ...scenario.usage } : usage;
}

/** Names the provider after the model's author, e.g. "Acme" for `acme/atlas-8b`. */
function providerName(model: Model): string {
  const author = model.id.replace(/^~/, '').split('/')[0] ?? 'emulator';
  return author.charAt(0).toUpperCase() + author.slice(1);
}
