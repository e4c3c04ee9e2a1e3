import { readFileSync } from 'node:fs';
import { buildDefaultCatalog } from './default-catalog.ts';
import type { Model } from './types.ts';

/** Models served by one emulator, indexed by id. */
export class Catalog {
  readonly models: readonly Model[];
  readonly #byId: Map<string, Model>;

  constructor(models: Model[]) {
    this.models = models;
    this.#byId = new Map();
    for (const model of models) {
      if (typeof model?.id === 'string') this.#byId.set(model.id, model);
    }
  }

  /** Finds a model by its exact id, `:free` and other suffixes included. */
  find(id: string): Model | undefined {
    return this.#byId.get(id);
  }

  /** The model a request runs on: an alias resolves to its target when that is listed. */
  resolve(id: string): Model | undefined {
    const model = this.#byId.get(id);
    const target = model?.alias_target?.slug;
    return (target && this.#byId.get(target)) || model;
  }

  /** The first text model, used when a request names no model. */
  defaultModel(): Model | undefined {
    return this.models.find((model) => outputsText(model) && this.#byId.has(model.id));
  }
}

/** Tells whether the model writes text; entries of a `--catalog` file may lack the field. */
export function outputsText(model: Model): boolean {
  return model.architecture?.output_modalities?.includes('text') ?? false;
}

/** Tells whether OpenRouter treats the model as free: a `:free` id or zero prompt and completion prices. */
export function isFreeModel(model: Model): boolean {
  if (model.id.endsWith(':free')) return true;
  return model.pricing?.prompt === '0' && model.pricing?.completion === '0';
}

/** Tells whether the model accepts `tools`, which OpenRouter signals in `supported_parameters`. */
export function supportsTools(model: Model): boolean {
  return model.supported_parameters?.includes('tools') ?? false;
}

/** Loads a catalogue file in the `/api/v1/models` shape, or the built-in one without a path. */
export function loadCatalog(path?: string): Catalog {
  if (!path) return new Catalog(buildDefaultCatalog());
  const text = readFileSync(path, 'utf8');
  const parsed: unknown = JSON.parse(text);
  return new Catalog(readModelArray(parsed, path));
}

// Entries are served as they are, malformed ones included, so that a gateway's handling of
// bad rows can be tested. Only entries with a string id can be looked up or called.
function readModelArray(parsed: unknown, path: string): Model[] {
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    throw new Error(`Catalogue ${path} is invalid: expected an object with a "data" array.`);
  }
  return data as Model[];
}
