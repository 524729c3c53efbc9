// @ts-check
import { breakablePath, byId, h, slug } from './dom.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {import('./api.js').Catalog} Catalog
 * @typedef {import('./api.js').ActiveSnapshot} ActiveSnapshot
 * @typedef {import('./api.js').ScenarioInfo} ScenarioInfo
 * @typedef {import('./api.js').RuleInfo} RuleInfo
 * @typedef {{ select: HTMLSelectElement, hint: HTMLElement, scenarios: Map<string, ScenarioInfo> }} OperationControl
 */

/**
 * Every API and operation with its scenarios, a scenario picker per operation (for the server, or for the session in
 * the Session field), and the rules with their switches.
 * @param {{ api: AdminApi, session: () => string, announce: (text: string, failed?: boolean) => void }} options
 */
export function createScenariosView({ api, session, announce }) {
  const list = byId('apis', HTMLElement);
  const rulesList = byId('rules', HTMLElement);
  /** @type {Map<string, OperationControl>} */
  const controls = new Map();
  /** @type {Map<string, HTMLInputElement>} */
  const switches = new Map();
  /** @type {ActiveSnapshot} */
  let active = { global: {}, sessions: {}, enabledRules: [] };

  /**
   * @param {string} operationId
   * @param {string} scenario '' for the default
   */
  const choose = async (operationId, scenario) => {
    const id = session();
    const scope = id === '' ? 'the whole server' : `session ${id}`;
    try {
      const answer = /** @type {{ active: ActiveSnapshot }} */ (
        scenario === ''
          ? await api.call(
              `scenarios/active?${new URLSearchParams({ operation: operationId, ...(id && { session: id }) })}`,
              { method: 'DELETE' },
            )
          : await api.call('scenarios/active', {
              method: 'PUT',
              body: { scenario, operation: operationId, ...(id && { session: id }) },
            })
      );
      show(answer.active);
      announce(
        scenario === ''
          ? `${operationId}: back to the default for ${scope}`
          : `${operationId}: ${scenario} for ${scope}`,
      );
    } catch (error) {
      show(active);
      announce(
        `Could not change ${operationId}: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
  };

  /**
   * @param {string} name
   * @param {boolean} enabled
   */
  const toggleRule = async (name, enabled) => {
    try {
      const answer = /** @type {{ active: ActiveSnapshot }} */ (
        await api.call(`rules/${encodeURIComponent(name)}`, { method: 'PUT', body: { enabled } })
      );
      show(answer.active);
      announce(`Rule ${name} ${enabled ? 'on' : 'off'}`);
    } catch (error) {
      show(active);
      announce(`Could not switch ${name}: ${error instanceof Error ? error.message : String(error)}`, true);
    }
  };

  /** @param {ActiveSnapshot} snapshot */
  const show = (snapshot) => {
    active = snapshot;
    const id = session();
    const own = id === '' ? snapshot.global : (snapshot.sessions[id] ?? {});
    for (const [operationId, control] of controls) {
      const chosen = own[operationId] ?? own['*'] ?? '';
      const server = snapshot.global[operationId] ?? snapshot.global['*'];
      const fallback = control.select.options[0];
      if (fallback)
        fallback.textContent =
          id === '' ? 'default (rules, then success)' : `as the server: ${server ?? 'default'}`;
      control.select.value = control.scenarios.has(chosen) ? chosen : '';
      const scenario = control.scenarios.get(control.select.value);
      control.hint.textContent =
        control.scenarios.size === 0
          ? 'No scenarios in the scenario files: the answer the spec documents.'
          : scenario
            ? scenario.description || scenario.name
            : id === ''
              ? 'The rules that match, else success.'
              : `This session follows the server${server ? ` (${server})` : ''}.`;
    }
    for (const [name, toggle] of switches) toggle.checked = snapshot.enabledRules.includes(name);
  };

  return {
    /** @param {Catalog} catalog */
    render(catalog) {
      controls.clear();
      switches.clear();
      /** @type {Map<string, RuleInfo & { operations: string[] }>} */
      const rules = new Map();
      list.replaceChildren(
        ...catalog.apis.map((apiInfo) =>
          h(
            'section',
            { class: 'api', 'aria-labelledby': `api-${slug(apiInfo.spec)}` },
            h(
              'div',
              { class: 'api-heading' },
              h('h3', { id: `api-${slug(apiInfo.spec)}` }, apiInfo.title),
              h('span', { class: 'base' }, apiInfo.basePath),
              h('a', { href: `#spec/${encodeURIComponent(apiInfo.spec)}` }, 'Read the spec'),
            ),
            ...apiInfo.operations.map((operation) => {
              for (const rule of operation.rules) {
                const key = rule.name ?? `${operation.operationId}:${rule.scenario}`;
                const known = rules.get(key);
                if (known) known.operations.push(operation.operationId);
                else rules.set(key, { ...rule, operations: [operation.operationId] });
              }
              const id = `op-${slug(operation.operationId)}`;
              const select = h(
                'select',
                { id, 'aria-describedby': `${id}-hint`, disabled: operation.scenarios.length === 0 },
                h('option', { value: '' }, 'default'),
                ...operation.scenarios.map((s) =>
                  h('option', { value: s.name }, `${s.name} · ${outcome(s)}`),
                ),
              );
              select.addEventListener('change', () => void choose(operation.operationId, select.value));
              const hint = h('p', { class: 'hint', id: `${id}-hint` });
              controls.set(operation.operationId, {
                select,
                hint,
                scenarios: new Map(operation.scenarios.map((s) => [s.name, s])),
              });
              return h(
                'article',
                { class: 'operation' },
                h(
                  'p',
                  { class: 'route' },
                  h('span', { class: `method method-${operation.method.toLowerCase()}` }, operation.method),
                  ' ',
                  h('code', {}, breakablePath(operation.path)),
                ),
                h('label', { for: id }, operation.operationId),
                select,
                hint,
                operation.scenarios.length > 0 &&
                  h(
                    'details',
                    {},
                    h('summary', {}, `${operation.scenarios.length} scenarios`),
                    h(
                      'table',
                      { class: 'scenarios' },
                      h('caption', { class: 'visually-hidden' }, `Scenarios of ${operation.operationId}`),
                      h(
                        'thead',
                        {},
                        h(
                          'tr',
                          {},
                          h('th', { scope: 'col' }, 'Scenario'),
                          h('th', { scope: 'col' }, 'Answer'),
                          h('th', { scope: 'col' }, 'Description'),
                        ),
                      ),
                      h(
                        'tbody',
                        {},
                        ...operation.scenarios.map((s) =>
                          h(
                            'tr',
                            {},
                            h('th', { scope: 'row' }, s.name),
                            h('td', {}, outcome(s)),
                            h('td', {}, s.description),
                          ),
                        ),
                      ),
                    ),
                  ),
              );
            }),
          ),
        ),
      );
      rulesList.replaceChildren(
        ...(rules.size === 0
          ? [h('p', { class: 'note' }, 'No rules in the scenario files.')]
          : [...rules.values()].map((rule) => {
              const id = `rule-${slug(rule.name ?? rule.scenario)}`;
              const canSwitch = rule.optIn && rule.name !== null;
              const toggle = h('input', {
                type: 'checkbox',
                role: 'switch',
                id,
                disabled: !canSwitch,
                'aria-describedby': `${id}-hint`,
              });
              toggle.checked = rule.enabled;
              if (canSwitch && rule.name !== null) {
                const name = rule.name;
                switches.set(name, toggle);
                toggle.addEventListener('change', () => void toggleRule(name, toggle.checked));
              }
              return h(
                'div',
                { class: 'rule' },
                toggle,
                h('label', { for: id }, rule.name ?? `unnamed rule → ${rule.scenario}`),
                h(
                  'p',
                  { class: 'hint', id: `${id}-hint` },
                  `${canSwitch ? (/^opt-in/i.test(rule.description) ? '' : 'Opt-in. ') : 'Always on. '}${rule.description} → ${rule.scenario} (${rule.operations.join(', ')})`,
                ),
              );
            })),
      );
      show(catalog.active);
    },
    show,
    refresh() {
      show(active);
    },
  };
}

/** @param {ScenarioInfo} scenario */
function outcome(scenario) {
  if (scenario.fault) return `fault: ${scenario.fault}`;
  if (scenario.steps) return `steps: ${scenario.steps.join(' → ')}`;
  return scenario.status === null ? 'documented answer' : String(scenario.status);
}
