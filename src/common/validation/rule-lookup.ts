import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const REMEMBERING = Symbol('rule lookups remembered');

/**
 * class-validator looks up a class's rules again for every object it validates: it filters the rules
 * of every class that has any (72 here) to find the class's parents' and builds the lists anew, about
 * a fifth of the cost of checking a `GET /sessions` query inside the running API (docs/performance.md).
 * The rules of a class are fixed once its decorators have run, so the lookup is remembered per class
 * and options, as frozen lists, and forgotten whenever a rule is added (a class defined later).
 * The answers are the library's own, computed by it the first time.
 */
export function rememberRuleLookups(storage: Storage = getMetadataStorage()): void {
  const target = storage as Storage & { [REMEMBERING]?: true };
  if (target[REMEMBERING]) return;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let found = new Map<string | Function, Map<string, readonly ValidationMetadata[]>>();
  const grouped = new WeakMap<readonly ValidationMetadata[], Grouped>();

  target.getTargetValidationMetadatas = (constructor, schema, always, strictGroups, groups) => {
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let ofClass = found.get(constructor);
    if (!ofClass) found.set(constructor, (ofClass = new Map()));
    let rules = ofClass.get(options);
    if (!rules) ofClass.set(options, (rules = Object.freeze(lookUp(constructor, schema, always, strictGroups, groups))));
    return rules as ValidationMetadata[];
  };
  target.groupByPropertyName = (rules) => {
    if (!Object.isFrozen(rules)) return group(rules);
    let byProperty = grouped.get(rules);
    if (!byProperty) {
      byProperty = group(rules);
      for (const list of Object.values(byProperty)) Object.freeze(list);
      grouped.set(rules, Object.freeze(byProperty));
    }
    return byProperty;
  };
  target.addValidationMetadata = (rule) => {
    found = new Map();
    addRule(rule);
  };
  target[REMEMBERING] = true;
}
