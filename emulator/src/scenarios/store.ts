import type { MatchInput, Scenario } from './types.ts';

/** Scenarios in the order they were added; the first one that matches a request wins. */
export class ScenarioStore {
  #scenarios: Scenario[] = [];
  #nextId = 1;

  /** Adds a scenario and returns its id. */
  add(scenario: Omit<Scenario, 'id'>): string {
    const id = `scn_${this.#nextId++}`;
    this.#scenarios.push({ ...scenario, id });
    return id;
  }

  /** Finds the first matching scenario and uses one of its `times`. */
  take(input: MatchInput): Scenario | undefined {
    const index = this.#scenarios.findIndex((scenario) => matches(scenario, input));
    const scenario = this.#scenarios[index];
    if (!scenario) return undefined;
    if (scenario.times === 1) this.#scenarios.splice(index, 1);
    else if (scenario.times > 1) scenario.times -= 1;
    return scenario;
  }

  /** Number of scenarios stored; with none, callers skip parsing the body to match one. */
  get size(): number {
    return this.#scenarios.length;
  }

  clear(): void {
    this.#scenarios = [];
  }
}

function matches(scenario: Scenario, input: MatchInput): boolean {
  const { match } = scenario;
  if (match.path !== input.path) return false;
  if (match.model !== undefined && match.model !== input.model) return false;
  if (match.key !== undefined && match.key !== input.key) return false;
  return match.stream === undefined || match.stream === input.stream;
}
